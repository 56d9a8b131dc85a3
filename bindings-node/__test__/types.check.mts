// Compiled (never run) by typings.test.mjs with tsc --strict: what the typings must accept,
// and, under @ts-expect-error, what they must refuse.
import { VaultClient, VaultError, AbortError, AccessToken, generateAccessToken, ERROR_CODES } from 'veeva-vault-auth'
import type { VaultErrorCode, TokenOptions, ClientOptions, ResponseMetadata, TokenInfo, RevokeReport, Rotation, UserInfo, ListOptions } from 'veeva-vault-auth'
import { MockVault } from 'veeva-vault-auth/testing'
import type { MockToken, MockRequest, MockUser } from 'veeva-vault-auth/testing'

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

export async function lifecycle(client: VaultClient, signal: AbortSignal): Promise<Date | null> {
  const query: ListOptions = { userId: 'me', name: 'k', includeInactive: true, signal }
  const list: readonly TokenInfo[] = await client.listAccessTokens(query)
  await client.listAccessTokens()
  const info: TokenInfo = await client.getAccessTokenInfo('0PI1', { signal })
  const report: RevokeReport = await client.revokeAccessTokens(new Set(list.map((t) => t.id)))
  const failedTypes: string[] = report.failed.flatMap((f) => f.errors.map((e) => e.type))
  const r: Rotation = await client.rotateAccessToken({ name: 'k', expiryDate: new Date(), revoke: [], signal })
  const secret: string = r.token.token
  const why: VaultErrorCode | undefined = r.revokeError?.code
  const orphans = await client.findOrphanedTokens({ userId: '1', name: 'k' })
  await client.keepAlive({ signal })
  const me: UserInfo = await client.whoami()
  const first: string | null = me.firstName
  const versions: readonly string[] = await client.apiVersions()
  const offered: string = await client.checkApiVersion()
  await client.logout()
  const out: boolean = client.isLoggedOut
  const oauth = await VaultClient.loginOAuth({ vaultDns: 'v', profileId: 'p', idpAccessToken: 't', oauthClientId: 'c', loginUrl: 'http://127.0.0.1:1', signal })
  try {
    await client.revokeAccessTokens(['a'])
  } catch (err) {
    if (err instanceof VaultError && err.partialRevoke) void err.partialRevoke.notSent.length
  }
  void [info, report, failedTypes, secret, why, orphans, first, versions, offered, out, oauth, r.revoked.isComplete]
  return info.expiry ?? info.lastUsed
}

export async function testing(): Promise<void> {
  const vault = await MockVault.start()
  const client = new VaultClient({ vaultDns: vault.vaultDns, baseUrl: vault.baseUrl, sessionId: vault.adminSession })
  const users: readonly MockUser[] = vault.users
  vault.failNext('drop')
  vault.failNext({ status: 502, body: 'down', delayMs: 10, headers: [['X-A', 'b']] })
  vault.failNext(['drop_after', { body: { responseStatus: 'FAILURE' } }])
  const tokens: readonly MockToken[] = vault.tokens()
  const requests: readonly MockRequest[] = vault.requests()
  const expiry: Date | null = tokens[0].expiry
  vault.reset()
  await vault.close()
  void [client, users, requests, expiry]
}

export function refused(err: VaultError, tok: AccessToken, client: VaultClient, vault: MockVault): void {
  // @ts-expect-error rotation needs the ids to revoke
  void client.rotateAccessToken({ name: 'k' })
  // @ts-expect-error ids are strings
  void client.revokeAccessTokens([1])
  // @ts-expect-error orphans need the name
  void client.findOrphanedTokens({ userId: '1' })
  // @ts-expect-error not a fault the mock knows
  vault.failNext('explode')
  // @ts-expect-error the mock is started with MockVault.start()
  void new MockVault()
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
