// Compiled (never run) by typings.test.mjs with tsc --strict: what the typings must accept,
// and, under @ts-expect-error, what they must refuse.
import { VaultClient, VaultError, AbortError, AccessToken, generateAccessToken, ERROR_CODES } from 'veeva-vault-auth'
import type { VaultErrorCode, TokenOptions, ClientOptions, ResponseMetadata } from 'veeva-vault-auth'

export async function usage(signal: AbortSignal): Promise<string> {
  const client = await VaultClient.login({ vaultDns: 'myvault.veevavault.com', username: 'u', password: 'p' })
  const c2 = new VaultClient({ vaultDns: 'myvault.veevavault.com', sessionId: 's', timeoutMs: 1000, bodyFormat: 'json' })
  const c3 = new VaultClient({ baseUrl: 'http://127.0.0.1:1', accessToken: 't' })
  const opts: TokenOptions = { userId: 'me', name: 'k', expiryDate: new Date(), signal }
  const tok: AccessToken = await client.generateAccessToken(opts)
  await c2.generateAccessToken({ sandbox: 'qa', name: 'k', expiryDate: '2031-01-01' })
  await generateAccessToken({ vaultDns: 'v.example', sessionId: 's', userId: '1', name: 'k' })
  const meta: ResponseMetadata = tok.metadata
  const burst: number | null = meta.burstLimit
  const user: string | null = client.session?.userId ?? null
  void [c3, burst, user, client.apiVersion]
  try {
    await c2.generateAccessToken({ userId: '1', name: 'k' })
  } catch (err) {
    if (err instanceof VaultError) {
      const code: VaultErrorCode = err.code
      if (code === 'wrong_vault' || err.outcomeUnknown) return err.vaultErrors.map((e) => e.type).join()
      const status: number | null = err.httpStatus
      const id: string | null = err.executionId
      void [status, id]
    } else if (err instanceof AbortError) {
      const unknown: boolean = err.outcomeUnknown
      void unknown
    }
  }
  const codes: readonly VaultErrorCode[] = ERROR_CODES
  void codes
  return tok.token
}

export function refused(err: VaultError, tok: AccessToken): void {
  // @ts-expect-error not a core code
  const c: boolean = err.code === 'no_such_code'
  // @ts-expect-error the token is a string
  const n: number = tok.token
  // @ts-expect-error a credential is required
  const o: ClientOptions = { vaultDns: 'v' }
  // @ts-expect-error not both credentials
  const both: ClientOptions = { vaultDns: 'v', sessionId: 's', accessToken: 't' }
  // @ts-expect-error bodyFormat is 'form' | 'json'
  const f: ClientOptions = { vaultDns: 'v', sessionId: 's', bodyFormat: 'xml' }
  // @ts-expect-error name is required
  const t: TokenOptions = { userId: 'me' }
  // @ts-expect-error expiryDate is a Date or a string
  const e: TokenOptions = { userId: 'me', name: 'k', expiryDate: 1 }
  // @ts-expect-error the constructor is not public
  const made = new AccessToken()
  void [c, n, o, both, f, t, e, made]
}
