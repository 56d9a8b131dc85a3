// ESM entry: the same objects as the CommonJS entry (one module instance, one addon).
import cjs from './index.js'

export const { VaultClient, VaultError, AbortError, AccessToken, generateAccessToken, ERROR_CODES } = cjs
export default cjs
