// ESM entry of veeva-vault-auth/testing: the same objects as the CommonJS entry.
import cjs from './testing.js'

export const { MockVault } = cjs
export default cjs
