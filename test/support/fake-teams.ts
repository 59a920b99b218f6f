/**
 * Local stand-ins for Microsoft's servers, so the app's real botbuilder code (CloudAdapter,
 * ConfigurationBotFrameworkAuthentication, MsalAppCredentials over @azure/msal-node) runs in tests with no
 * tenant and no network. Everything listens on 127.0.0.1 only.
 *
 * - `startFakeBotIdentity()`: login.botframework.com — OpenID metadata and signing keys for the JWTs that
 *   "Teams" puts on its requests to the bot, and `identity.token()` to mint them (valid or broken on purpose).
 * - `startFakeAad()`: login.microsoftonline.com over HTTPS — OpenID configuration and the client-credentials
 *   token endpoint MSAL uses to get the bot's own token for calls to Teams.
 * - `startFakeConnector(aad)`: the Bot Connector at the activity's serviceUrl — replies, updates, new
 *   conversations, member look-ups — checking that each call carries a token the fake AAD issued.
 * - `botSettings(...)`: the settings object for ConfigurationBotFrameworkAuthentication pointing at all of it.
 * - `invokeActivity`, `messageActivity`, `postActivity`: requests "from Teams" to our endpoint.
 *
 * TLS: MSAL accepts only `https:` authorities, so the fake AAD serves a certificate for 127.0.0.1/localhost
 * signed by the test CA in `test/support/tls/` (see its README). Node trusts that CA ONLY when the test
 * process is started with `NODE_EXTRA_CA_CERTS=test/support/tls/ca.pem`; it is read once at start, so setting
 * it in `process.env` from a test does nothing. `startFakeAad()` checks that the CA is trusted and throws
 * with this explanation if it is not.
 *
 * botbuilder keeps two process-wide caches that outlive any one fake:
 * - OpenID metadata and keys, per metadata URL, for 24 h (`JwtTokenExtractor.openIdMetadataCache`): so each
 *   `startFakeBotIdentity()` serves its metadata under a URL with a fresh `?run=` query.
 * - the bot's outbound token, per appId + scope, until 5 min before it expires (`AppCredentials.cache`): a
 *   token from an earlier fake AAD would be sent to a later connector, which rejects it. `startFakeAad()`
 *   therefore empties that cache (see `forgetBotTokens`).
 */
import {
  createHash,
  createHmac,
  generateKeyPair,
  type KeyObject,
  randomBytes,
  randomUUID,
  sign,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import { AppCredentials } from 'botframework-connector';
import { readBody } from '../../src/app/server.js';
import { isRecord } from '../../src/cards/submission-fields.js';

/** Defaults the fakes and builders use when a test does not say otherwise. */
export const FAKE_TEAMS = {
  appId: '00000000-0000-4000-8000-00000000b07e',
  password: 'fake-app-password',
  botName: 'Toivo',
  tenantId: '00000000-0000-4000-8000-0000000000aa',
  /** What Bot Framework tokens carry as `iss`, and what to configure as ToBotFromChannelTokenIssuer. */
  issuer: 'https://api.botframework.com',
  /** ToChannelFromBotOAuthScope: the resource the bot asks AAD a token for. */
  oAuthScope: 'https://api.botframework.com',
  /** The tenant in the public-cloud ToChannelFromBotLoginUrl (…/botframework.com). */
  loginTenant: 'botframework.com',
} as const;

/** botframework.com's directory id, as AAD puts it in `tid` and `iss`. */
const BOTFRAMEWORK_TENANT_ID = 'd6d49420-f39b-4df7-a1dc-d59a935871db';

let seq = 0;
/** Unique within the test process, so ids never collide between fakes or tests. */
const next = (): number => ++seq;

const generateRsa = promisify(generateKeyPair);
async function newRsaKey(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return generateRsa('rsa', { modulusLength: 2048 });
}

/** One key shared by every identity for "unknown" and "forged" tokens; made once, on first use. */
let strangerKey: Promise<{ privateKey: KeyObject; publicKey: KeyObject }> | undefined;
const stranger = () => {
  strangerKey ??= newRsaKey();
  return strangerKey;
};

// ---------------------------------------------------------------------------------------------------------------
// JWT
// ---------------------------------------------------------------------------------------------------------------

export type JwtAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'HS256';

function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject | string,
): string {
  const alg = String(header.alg) as JwtAlgorithm;
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature =
    alg === 'HS256'
      ? createHmac('sha256', key).update(input).digest()
      : sign(`sha${alg.slice(2)}`, Buffer.from(input), key as KeyObject); // RSASSA-PKCS1-v1_5
  return `${input}.${base64url(signature)}`;
}

/** The payload of a JWT, unverified; undefined if `token` is not one. */
export function decodeJwt(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return isRecord(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------------------------------------------------------
// 1. Bot Framework identity (tokens on requests from Teams to the bot)
// ---------------------------------------------------------------------------------------------------------------

export interface FakeBotIdentityOptions {
  /** The bot's app id: the `aud` of every token unless `audience` says otherwise. */
  appId?: string;
  /** The default `serviceurl` claim; must equal the activity's serviceUrl. Often given per token instead. */
  serviceUrl?: string;
  /** The channels the signing key is endorsed for; botbuilder requires the activity's channelId among them. */
  endorsements?: string[];
  /** `iss` of the tokens and of the metadata; default https://api.botframework.com. */
  issuer?: string;
}

export interface BotTokenOptions {
  /** The `serviceurl` claim; defaults to the identity's `serviceUrl`. One of the two is needed. */
  serviceUrl?: string;
  /** Leave out `serviceurl` (botbuilder then refuses any activity that has a serviceUrl). */
  omitServiceUrl?: boolean;
  /** Another `aud` than the app id. */
  audience?: string;
  /** Another `iss` than the identity's issuer. */
  issuer?: string;
  /**
   * `own` (default): the served key. `unknown`: another key under a kid the metadata does not list.
   * `forged`: another key under the served kid, so the signature does not verify.
   */
  key?: 'own' | 'unknown' | 'forged';
  /**
   * RS256 (default), RS384, RS512, or HS256: an HMAC whose secret is the served public key in PEM — the
   * classic algorithm-confusion forgery — under the served kid.
   */
  alg?: JwtAlgorithm;
  /** Make the token expire this many seconds ago (botbuilder tolerates 300 s of clock skew). */
  expiredSecondsAgo?: number;
  /** Lifetime of a valid token; default 600 s. */
  lifetimeSeconds?: number;
}

export interface FakeBotIdentity {
  /** ToBotFromChannelOpenIdMetadataUrl: `http://127.0.0.1:PORT/v1/.well-known/openidconfiguration?run=…`. */
  readonly openIdMetadataUrl: string;
  /** ToBotFromEmulatorOpenIdMetadataUrl: same server and keys, its own URL. Our tokens never take that path. */
  readonly emulatorOpenIdMetadataUrl: string;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** ToBotFromChannelTokenIssuer, and `iss` of the tokens. */
  readonly issuer: string;
  readonly appId: string;
  /** The key id the JWKS serves and valid tokens carry. */
  readonly kid: string;
  /** Each fetch botbuilder made (metadata, keys), oldest first: shows its caching. */
  readonly requests: { path: string; at: number }[];
  /** Endorsements served with the key; change them before botbuilder first fetches the keys. */
  endorsements: string[];
  /**
   * A signed JWT with `iss`, `aud`, `exp` (+10 min), `nbf`, `iat` and `serviceurl`; `claims` are merged last
   * (a claim set to undefined is left out).
   */
  token(claims?: Record<string, unknown>, options?: BotTokenOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeBotIdentity(options: FakeBotIdentityOptions = {}): Promise<FakeBotIdentity> {
  const appId = options.appId ?? FAKE_TEAMS.appId;
  const issuer = options.issuer ?? FAKE_TEAMS.issuer;
  const { privateKey, publicKey } = await newRsaKey();
  const kid = randomBytes(20).toString('base64url');
  const requests: { path: string; at: number }[] = [];
  let base = '';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    requests.push({ path: `${url.pathname}${url.search}`, at: Date.now() });
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
    if (url.pathname === '/v1/.well-known/openidconfiguration' || url.pathname === '/emulator/openid') {
      // The shape of login.botframework.com's document.
      return sendJson(res, 200, {
        issuer,
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${base}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (url.pathname === '/keys') {
      const jwk = publicKey.export({ format: 'jwk' });
      return sendJson(res, 200, {
        keys: [
          { kty: 'RSA', use: 'sig', kid, x5t: kid, n: jwk.n, e: jwk.e, endorsements: identity.endorsements },
        ],
      });
    }
    sendJson(res, 404, { error: `fake Bot Framework identity: nothing at ${url.pathname}` });
  });
  const port = await listen(server);
  base = `http://127.0.0.1:${port}`;
  const run = `${process.pid}-${next()}-${randomBytes(4).toString('hex')}`;

  const identity: FakeBotIdentity = {
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration?run=${run}`,
    emulatorOpenIdMetadataUrl: `${base}/emulator/openid?run=${run}`,
    url: base,
    issuer,
    appId,
    kid,
    requests,
    endorsements: options.endorsements ?? ['msteams', 'skype', 'webchat', 'directline', 'emulator'],
    async token(claims = {}, tokenOptions = {}) {
      const serviceUrl = tokenOptions.serviceUrl ?? options.serviceUrl;
      if (!serviceUrl && !tokenOptions.omitServiceUrl) {
        throw new Error('fake Bot Framework identity: token() needs a serviceUrl (or omitServiceUrl: true)');
      }
      const lifetime = tokenOptions.lifetimeSeconds ?? 600;
      const exp =
        tokenOptions.expiredSecondsAgo !== undefined
          ? nowSeconds() - tokenOptions.expiredSecondsAgo
          : nowSeconds() + lifetime;
      const payload: Record<string, unknown> = {
        ...(tokenOptions.omitServiceUrl ? {} : { serviceurl: serviceUrl }),
        nbf: exp - lifetime - 5,
        iat: exp - lifetime - 5,
        exp,
        iss: tokenOptions.issuer ?? issuer,
        aud: tokenOptions.audience ?? appId,
        ...claims,
      };
      const alg = tokenOptions.alg ?? 'RS256';
      const keyChoice = tokenOptions.key ?? 'own';
      const header = {
        alg,
        typ: 'JWT',
        kid: keyChoice === 'unknown' ? `unknown-${next()}` : kid,
        x5t: keyChoice === 'unknown' ? undefined : kid,
      };
      if (alg === 'HS256') {
        // botbuilder turns the JWK into a PKCS#1 PEM; an attacker would use exactly that as the HMAC secret.
        const pem = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
        return signJwt(header, payload, pem);
      }
      const key = keyChoice === 'own' ? privateKey : (await stranger()).privateKey;
      return signJwt(header, payload, key);
    },
    close: () => closeServer(server),
  };
  return identity;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Azure AD (the bot's own token for calls to Teams)
// ---------------------------------------------------------------------------------------------------------------

export interface FakeAadOptions {
  /** Registered apps, app id → client secret; default `{[FAKE_TEAMS.appId]: FAKE_TEAMS.password}`. */
  clients?: Record<string, string>;
  /** Scopes the token endpoint grants; default `['https://api.botframework.com/.default']`. */
  scopes?: string[];
  /** The tenant of `authority`; default botframework.com. Any tenant path is served. */
  tenant?: string;
  /** `expires_in` of issued tokens; default 3600. */
  tokenLifetimeSeconds?: number;
  /** Keep botbuilder's process-wide AppCredentials.cache instead of emptying it. */
  keepBotTokenCache?: boolean;
}

export interface IssuedToken {
  accessToken: string;
  clientId: string;
  scope: string;
  tenant: string;
  at: number;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface AadRequest {
  method: string;
  /** Without the query, e.g. `/botframework.com/v2.0/.well-known/openid-configuration`. */
  path: string;
  /** MSAL adds `client-request-id` to token requests. */
  query: Record<string, string>;
  /** The form fields of a token request, `client_secret` replaced by `<redacted>`. */
  form?: Record<string, string>;
  status: number;
  /** AAD's `error` code when the request was refused. */
  error?: string;
  at: number;
}

export interface AadFailure {
  status: number;
  error?: string;
  description?: string;
}

export interface FakeAad {
  /** `https://127.0.0.1:PORT`: the host part of a login URL, like https://login.microsoftonline.com. */
  readonly loginUrl: string;
  /**
   * `loginUrl + '/' + tenant` (…/botframework.com): the authority for MSAL, and what ToChannelFromBotLoginUrl
   * holds (its public-cloud value is https://login.microsoftonline.com/botframework.com).
   */
  readonly authority: string;
  /** `127.0.0.1:PORT`, for MSAL's `knownAuthorities`. */
  readonly host: string;
  /** Every request, oldest first. */
  readonly requests: AadRequest[];
  /** Every token handed out, oldest first. */
  readonly issued: IssuedToken[];
  readonly clients: Map<string, string>;
  /** True if `accessToken` came from this fake and has not expired. */
  isIssued(accessToken: string | undefined): boolean;
  /** Queues a refusal for the next token request. */
  failNext(failure: AadFailure): void;
  reset(): void;
  close(): Promise<void>;
}

const TLS_DIR = new URL('./tls/', import.meta.url);

/**
 * Empties botbuilder's process-wide cache of the bot's outbound tokens: AppCredentials.cache, a private static
 * Map keyed by appId + scope, which no public API clears.
 */
export function forgetBotTokens(): void {
  const cache: unknown = (AppCredentials as unknown as { cache?: unknown }).cache;
  if (!(cache instanceof Map))
    throw new Error('forgetBotTokens: botbuilder no longer has AppCredentials.cache');
  cache.clear();
}

export async function startFakeAad(options: FakeAadOptions = {}): Promise<FakeAad> {
  const clients = new Map(Object.entries(options.clients ?? { [FAKE_TEAMS.appId]: FAKE_TEAMS.password }));
  const scopes = options.scopes ?? [`${FAKE_TEAMS.oAuthScope}/.default`];
  const tenant = options.tenant ?? FAKE_TEAMS.loginTenant;
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const requests: AadRequest[] = [];
  const issued: IssuedToken[] = [];
  const failures: AadFailure[] = [];
  const { privateKey, publicKey } = await newRsaKey();
  const kid = randomBytes(20).toString('base64url');
  let base = '';

  const tenantId = (t: string): string => {
    if (t === FAKE_TEAMS.loginTenant) return BOTFRAMEWORK_TENANT_ID;
    if (/^[0-9a-f-]{36}$/i.test(t)) return t.toLowerCase();
    const h = createHash('sha256').update(t).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };

  /** AAD's error body (AADSTS codes as the real service uses them). */
  const aadError = (error: string, code: number, description: string) => ({
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z'),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });

  const openIdConfiguration = (t: string) => {
    const tid = tenantId(t);
    return {
      token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/${tid}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/oidc/userinfo`,
      authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'ver'],
      kerberos_endpoint: `${base}/${t}/kerberos`,
      tenant_region_scope: 'WW',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  };

  const token = (
    t: string,
    form: Record<string, string>,
  ): { status: number; body: Record<string, unknown> } => {
    const failure = failures.shift();
    if (failure) {
      return {
        status: failure.status,
        body: aadError(
          failure.error ?? 'temporarily_unavailable',
          90000,
          failure.description ?? 'Failed by test.',
        ),
      };
    }
    if (form.grant_type !== 'client_credentials') {
      return {
        status: 400,
        body: aadError(
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${form.grant_type}'.`,
        ),
      };
    }
    const clientId = form.client_id ?? '';
    const secret = clients.get(clientId);
    if (secret === undefined) {
      return {
        status: 400,
        body: aadError(
          'unauthorized_client',
          700016,
          `Application with identifier '${clientId}' was not found in the directory '${t}'.`,
        ),
      };
    }
    if (!form.client_secret) {
      return {
        status: 401,
        body: aadError(
          'invalid_client',
          7000218,
          "The request body must contain the parameter: 'client_assertion' or 'client_secret'.",
        ),
      };
    }
    if (form.client_secret !== secret) {
      return {
        status: 401,
        body: aadError('invalid_client', 7000215, `Invalid client secret provided for app '${clientId}'.`),
      };
    }
    const scope = form.scope ?? '';
    if (!scopes.includes(scope)) {
      return {
        status: 400,
        body: aadError('invalid_scope', 1002012, `The provided value for scope '${scope}' is not valid.`),
      };
    }
    // A v1 access token as AAD issues for the Bot Framework resource; signed, though no fake checks it.
    const tid = tenantId(t);
    const iat = nowSeconds();
    const resource = scope.replace(/\/\.default$/, '');
    const accessToken = signJwt(
      { typ: 'JWT', alg: 'RS256', kid, x5t: kid },
      {
        aud: resource,
        iss: `https://sts.windows.net/${tid}/`,
        iat,
        nbf: iat,
        exp: iat + lifetime,
        aio: randomBytes(16).toString('base64url'),
        appid: clientId,
        appidacr: '1',
        idp: `https://sts.windows.net/${tid}/`,
        tid,
        uti: randomBytes(16).toString('base64url'),
        ver: '1.0',
      },
      privateKey,
    );
    issued.push({
      accessToken,
      clientId,
      scope,
      tenant: t,
      at: Date.now(),
      expiresAt: (iat + lifetime) * 1000,
    });
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: accessToken,
      },
    };
  };

  const server = createHttpsServer(
    {
      cert: readFileSync(new URL('server.pem', TLS_DIR)),
      key: readFileSync(new URL('server-key.pem', TLS_DIR)),
    },
    (req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', base);
        const record: AadRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          status: 0,
          at: Date.now(),
        };
        requests.push(record);
        const answer = (status: number, body: Record<string, unknown>) => {
          record.status = status;
          if (typeof body.error === 'string') record.error = body.error;
          sendJson(res, status, body);
        };
        const [t, ...rest] = url.pathname.split('/').filter(Boolean);
        const route = rest.join('/');
        if (!t) return answer(404, aadError('not_found', 90002, 'No tenant in the path.'));
        if (
          req.method === 'GET' &&
          (route === 'v2.0/.well-known/openid-configuration' || route === '.well-known/openid-configuration')
        ) {
          return answer(200, openIdConfiguration(t));
        }
        if (req.method === 'GET' && (route === 'discovery/v2.0/keys' || route === 'discovery/keys')) {
          const jwk = publicKey.export({ format: 'jwk' });
          return answer(200, { keys: [{ kty: 'RSA', use: 'sig', kid, x5t: kid, n: jwk.n, e: jwk.e }] });
        }
        if (req.method === 'POST' && (route === 'oauth2/v2.0/token' || route === 'oauth2/token')) {
          const form = Object.fromEntries(new URLSearchParams((await readAll(req)).toString('utf8')));
          record.form = {
            ...form,
            ...(form.client_secret !== undefined ? { client_secret: '<redacted>' } : {}),
          };
          const result = token(t, form);
          return answer(result.status, result.body);
        }
        answer(404, aadError('not_found', 90002, `fake AAD: nothing at ${req.method} ${url.pathname}.`));
      })().catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: String(err) });
      });
    },
  );
  const port = await listen(server);
  base = `https://127.0.0.1:${port}`;

  try {
    await assertTrusted(port);
  } catch (err) {
    await closeServer(server);
    throw err;
  }
  if (!options.keepBotTokenCache) forgetBotTokens();

  return {
    loginUrl: base,
    authority: `${base}/${tenant}`,
    host: `127.0.0.1:${port}`,
    requests,
    issued,
    clients,
    isIssued(accessToken) {
      if (!accessToken) return false;
      const found = issued.find((i) => i.accessToken === accessToken);
      return found !== undefined && found.expiresAt > Date.now();
    },
    failNext(failure) {
      failures.push(failure);
    },
    reset() {
      requests.length = 0;
      failures.length = 0;
    },
    close: () => closeServer(server),
  };
}

/** Connects to the fake AAD with Node's default trust store, which NODE_EXTRA_CA_CERTS extends at start. */
function assertTrusted(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const authorized = socket.authorized;
      const reason = socket.authorizationError;
      socket.end();
      if (authorized) resolve();
      else {
        reject(
          new Error(
            `fake AAD: Node does not trust the test CA (${String(reason)}). Start the test process with ` +
              'NODE_EXTRA_CA_CERTS=test/support/tls/ca.pem (it is read only at process start).',
          ),
        );
      }
    });
    socket.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Bot Connector (the activity's serviceUrl)
// ---------------------------------------------------------------------------------------------------------------

/** A row of the members table, as Teams answers for a TeamsChannelAccount. */
export interface FakeTeamsMember {
  /** `29:…` */
  id: string;
  name?: string;
  aadObjectId?: string;
  userPrincipalName?: string;
  email?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
  [field: string]: unknown;
}

export interface ConnectorCall {
  method: string;
  /** Relative to the serviceUrl and percent-decoded, without the query: `/v3/conversations/19:a@thread.v2/activities`. */
  path: string;
  query: Record<string, string>;
  /** Decoded from the path where it has one. */
  conversationId?: string;
  /** The activity id in the path (reply-to, update, delete), decoded. */
  activityId?: string;
  body: unknown;
  /** The bearer token, without `Bearer `. */
  token?: string;
  at: number;
  /** What the fake answered. */
  status: number;
  /** The answer's body on success (`{id}` for a posted activity). */
  result?: unknown;
  /** Refused with 401: the token was missing or not issued by the fake AAD. */
  rejected?: true;
  /** Answered with a failure queued by `failNext`. */
  failed?: true;
}

/**
 * A failure for `failNext`. 429 comes with `Retry-After: <retryAfter>` (seconds; botbuilder's HTTP pipeline
 * also accepts fractions like 0.05, real Teams sends whole seconds) and is retried by botbuilder up to 3 times;
 * so are 502/503/504 (with its own backoff, about a second); 412 is not retried.
 */
export interface ConnectorFailure {
  status: number;
  retryAfter?: number;
  code?: string;
  message?: string;
}

/**
 * `METHOD /path` where `*` matches within one path segment and `**` anything, method `*` for any method;
 * matched against the decoded path relative to the serviceUrl. Examples:
 * `POST /v3/conversations/*\/activities**` (any post of an activity), `PUT **`. A RegExp is tested against
 * the same `METHOD /path` string.
 */
export type CallPattern = string | RegExp;

export interface FakeConnector {
  /** `http://127.0.0.1:PORT/teams/`, with a path like Teams' regional service URLs, and a trailing slash. */
  readonly serviceUrl: string;
  readonly calls: ConnectorCall[];
  /** GET …/members/{id} and …/pagedmembers answer from here, by conversation id. */
  readonly members: Map<string, FakeTeamsMember[]>;
  /** Queues a failure for the next call matching `pattern`; several calls queue several failures. */
  failNext(pattern: CallPattern, failure: ConnectorFailure): void;
  callsMatching(pattern: CallPattern): ConnectorCall[];
  /** Activities accepted (POST or PUT, 2xx), oldest first, optionally in one conversation. */
  activities(conversationId?: string): ConnectorCall[];
  /** Resolves with the calls so far once `predicate` holds; polls every 10 ms. */
  waitFor(
    predicate: (calls: readonly ConnectorCall[]) => boolean,
    timeoutMs?: number,
  ): Promise<ConnectorCall[]>;
  /** Forgets calls and queued failures; keeps `members`. */
  reset(): void;
  close(): Promise<void>;
}

const SERVICE_PATH = '/teams/';

export async function startFakeConnector(aad?: FakeAad): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const members = new Map<string, FakeTeamsMember[]>();
  const failures: { pattern: CallPattern; failure: ConnectorFailure }[] = [];
  /** Teams message ids are millisecond timestamps. */
  const newActivityId = (): string => String(1_700_000_000_000 + next());
  const connectorError = (code: string, message: string) => ({ error: { code, message } });

  type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

  const route = (call: ConnectorCall): Answer => {
    const segments = call.path.split('/').filter(Boolean);
    const [v3, conversations, conversationId, kind, sub, extra] = segments;
    if (v3 !== 'v3' || conversations !== 'conversations') {
      return { status: 404, body: connectorError('NotFound', `fake Bot Connector: nothing at ${call.path}`) };
    }
    const body = isRecord(call.body) ? call.body : {};
    if (conversationId === undefined) {
      if (call.method !== 'POST')
        return { status: 405, body: connectorError('MethodNotAllowed', call.method) };
      // createConversation: Teams answers 201 with the conversation id, and the activity id if one was sent.
      const id = `a:new-${next()}`;
      return {
        status: 201,
        body: { id, ...(isRecord(body.activity) ? { activityId: newActivityId() } : {}) },
      };
    }
    if (kind === 'activities' && extra === undefined) {
      // A new activity, or a reply to `sub`: Teams answers 201 with the new activity's id.
      if (call.method === 'POST') return { status: 201, body: { id: newActivityId() } };
      if (sub !== undefined && call.method === 'PUT') return { status: 200, body: { id: sub } };
      if (sub !== undefined && call.method === 'DELETE') return { status: 200 };
    }
    if (kind === 'members' && call.method === 'GET') {
      const list = members.get(conversationId) ?? [];
      if (sub === undefined) return { status: 200, body: list };
      const found = list.find((m) => m.id === sub || m.aadObjectId === sub);
      return found
        ? { status: 200, body: found }
        : { status: 404, body: connectorError('MemberNotFoundInConversation', `${sub} is not a member`) };
    }
    if (kind === 'pagedmembers' && call.method === 'GET' && sub === undefined) {
      const list = members.get(conversationId) ?? [];
      const pageSize = Math.max(1, Number(call.query.pageSize) || 200);
      const start = Number(call.query.continuationToken ?? 0) || 0;
      const page = list.slice(start, start + pageSize);
      const more = start + pageSize < list.length;
      return {
        status: 200,
        body: { members: page, ...(more ? { continuationToken: String(start + pageSize) } : {}) },
      };
    }
    return {
      status: 404,
      body: connectorError('NotFound', `fake Bot Connector: nothing at ${call.method} ${call.path}`),
    };
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readAll(req);
      const text = raw.toString('utf8');
      let body: unknown = text;
      if (text.length === 0) body = undefined;
      else {
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text
        }
      }
      const relative = url.pathname.startsWith(SERVICE_PATH)
        ? url.pathname.slice(SERVICE_PATH.length - 1)
        : url.pathname;
      const decoded = relative.split('/').map(safeDecode).join('/');
      const segments = decoded.split('/').filter(Boolean);
      const authorization = req.headers.authorization;
      const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
      const call: ConnectorCall = {
        method: req.method ?? 'GET',
        path: url.pathname.startsWith(SERVICE_PATH) ? decoded : url.pathname,
        query: Object.fromEntries(url.searchParams),
        ...(segments[0] === 'v3' && segments[1] === 'conversations' && segments[2] !== undefined
          ? { conversationId: segments[2] }
          : {}),
        ...(segments[3] === 'activities' && segments[4] !== undefined ? { activityId: segments[4] } : {}),
        body,
        ...(token !== undefined ? { token } : {}),
        at: Date.now(),
        status: 0,
      };
      calls.push(call);

      let answer: Answer;
      if (!url.pathname.startsWith(SERVICE_PATH)) {
        answer = {
          status: 404,
          body: connectorError('NotFound', `fake Bot Connector: outside ${SERVICE_PATH}`),
        };
      } else if (aad && !aad.isIssued(token)) {
        call.rejected = true;
        answer = { status: 401, body: { message: 'Authorization has been denied for this request.' } };
      } else {
        const at = failures.findIndex((f) => matchesCall(f.pattern, call));
        const queued = at >= 0 ? failures.splice(at, 1)[0] : undefined;
        if (queued) {
          call.failed = true;
          const { status, retryAfter, code, message } = queued.failure;
          answer = {
            status,
            headers: retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {},
            body: connectorError(
              code ?? defaultErrorCode(status),
              message ?? `Failed by test with ${status}.`,
            ),
          };
        } else {
          answer = route(call);
          if (answer.status < 300 && answer.body !== undefined) call.result = answer.body;
        }
      }
      call.status = answer.status;
      res.writeHead(answer.status, {
        ...(answer.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        ...answer.headers,
      });
      res.end(answer.body !== undefined ? JSON.stringify(answer.body) : undefined);
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'ServiceError', message: String(err) } });
    });
  });
  const port = await listen(server);

  return {
    serviceUrl: `http://127.0.0.1:${port}${SERVICE_PATH}`,
    calls,
    members,
    failNext(pattern, failure) {
      failures.push({ pattern, failure });
    },
    callsMatching: (pattern) => calls.filter((c) => matchesCall(pattern, c)),
    activities(conversationId) {
      return calls.filter(
        (c) =>
          (c.method === 'POST' || c.method === 'PUT') &&
          c.status >= 200 &&
          c.status < 300 &&
          /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(c.path) &&
          (conversationId === undefined || c.conversationId === conversationId),
      );
    },
    waitFor(predicate, timeoutMs = 3000) {
      const started = Date.now();
      return new Promise((resolve, reject) => {
        const poll = () => {
          if (predicate(calls)) resolve([...calls]);
          else if (Date.now() - started >= timeoutMs) {
            const seen = calls.map((c) => `${c.method} ${c.path} → ${c.status}`).join('; ') || '(none)';
            reject(
              new Error(`fake Bot Connector: waitFor timed out after ${timeoutMs} ms; calls so far: ${seen}`),
            );
          } else setTimeout(poll, 10);
        };
        poll();
      });
    },
    reset() {
      calls.length = 0;
      failures.length = 0;
    },
    close: () => closeServer(server),
  };
}

function defaultErrorCode(status: number): string {
  switch (status) {
    case 412:
      return 'PreconditionFailed';
    case 429:
      return 'TooManyRequests';
    case 502:
      return 'BadGateway';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'GatewayTimeout';
    default:
      return 'ServiceError';
  }
}

function matchesCall(pattern: CallPattern, call: ConnectorCall): boolean {
  const line = `${call.method} ${call.path}`;
  if (pattern instanceof RegExp) return pattern.test(line);
  const space = pattern.indexOf(' ');
  const method = space >= 0 ? pattern.slice(0, space) : '*';
  const path = space >= 0 ? pattern.slice(space + 1) : pattern;
  if (method !== '*' && method.toUpperCase() !== call.method.toUpperCase()) return false;
  const source = path
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`).test(call.path);
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Settings and activities
// ---------------------------------------------------------------------------------------------------------------

/**
 * Every key ConfigurationBotFrameworkAuthentication reads; setting any of the URL keys selects them all.
 * A type, not an interface, so that it fits botbuilder's options type with its string index signature.
 */
export type BotSettings = {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: string;
  MicrosoftAppTenantId: string;
  ToBotFromChannelOpenIdMetadataUrl: string;
  ToBotFromEmulatorOpenIdMetadataUrl: string;
  ToBotFromChannelTokenIssuer: string;
  ToChannelFromBotLoginUrl: string;
  ToChannelFromBotOAuthScope: string;
  OAuthUrl: string;
  CallerId: string;
  ValidateAuthority: boolean;
  ChannelService: string;
};

/**
 * The settings a test gives to `new ConfigurationBotFrameworkAuthentication(settings, credentialsFactory)`.
 * ToChannelFromBotLoginUrl is the fake's full authority (`aad.authority`, …/botframework.com), the same
 * shape as the public-cloud value. OAuthUrl (the user-token service, for SSO) points at a path on the
 * identity server that answers 404: Toivo does not use it, and nothing may leave the machine.
 * ValidateAuthority is false: the authority is not one of Microsoft's (botbuilder does not pass it to MSAL).
 */
export function botSettings(
  identity: FakeBotIdentity,
  aad: FakeAad,
  appId: string = identity.appId,
  password: string = FAKE_TEAMS.password,
): BotSettings {
  return {
    MicrosoftAppId: appId,
    MicrosoftAppPassword: password,
    MicrosoftAppType: 'MultiTenant',
    MicrosoftAppTenantId: '',
    ToBotFromChannelOpenIdMetadataUrl: identity.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: identity.emulatorOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: identity.issuer,
    ToChannelFromBotLoginUrl: aad.authority,
    ToChannelFromBotOAuthScope: FAKE_TEAMS.oAuthScope,
    OAuthUrl: `${identity.url}/oauth-not-faked`,
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: false,
    ChannelService: '',
  };
}

export type TeamsConversationType = 'groupChat' | 'channel' | 'personal';

export interface TeamsConversationInput {
  /** `19:…@thread.v2` (group chat), `19:…@thread.tacv2;messageid=…` (channel thread), `a:…` (personal). */
  id: string;
  conversationType: TeamsConversationType;
  tenantId?: string;
  name?: string;
}

export interface TeamsUserInput {
  /** `29:…` */
  id: string;
  aadObjectId?: string;
  name?: string;
}

export interface ActivityInput {
  serviceUrl: string;
  conversation: TeamsConversationInput;
  from: TeamsUserInput;
  /** The bot's app id (recipient `28:<appId>`); default FAKE_TEAMS.appId. */
  appId?: string;
  botName?: string;
  replyToId?: string;
  id?: string;
  locale?: string;
  /** For channel conversations: the team's `19:…@thread.tacv2` id (default: the channel's). */
  teamId?: string;
}

export interface InvokeActivityInput extends ActivityInput {
  verb: string;
  data?: Record<string, unknown>;
  trigger?: 'manual' | 'automatic';
}

export interface MessageActivityInput extends ActivityInput {
  text?: string;
  /** An Action.Submit's data (the fallback for clients without Universal Actions). */
  value?: Record<string, unknown>;
  /** Put `<at>Bot</at> ` before the text with a mention entity, as Teams does in group chats and channels. */
  mentionBot?: boolean;
}

/** An activity as Teams posts it to the bot; plain JSON (pass it to `postActivity`). */
export interface TeamsActivity {
  type: 'invoke' | 'message';
  name?: string;
  id: string;
  timestamp: string;
  localTimestamp: string;
  localTimezone: string;
  locale: string;
  serviceUrl: string;
  channelId: 'msteams';
  from: { id: string; name?: string; aadObjectId?: string };
  conversation: {
    id: string;
    conversationType: TeamsConversationType;
    tenantId: string;
    isGroup?: true;
    name?: string;
  };
  recipient: { id: string; name: string };
  entities: Record<string, unknown>[];
  channelData: Record<string, unknown>;
  replyToId?: string;
  text?: string;
  textFormat?: 'plain';
  value?: unknown;
}

function baseActivity(input: ActivityInput, type: 'invoke' | 'message', id: string): TeamsActivity {
  const tenantId = input.conversation.tenantId ?? FAKE_TEAMS.tenantId;
  const appId = input.appId ?? FAKE_TEAMS.appId;
  const locale = input.locale ?? 'fi-FI';
  const now = new Date();
  const channelData: Record<string, unknown> = { tenant: { id: tenantId } };
  if (input.conversation.conversationType === 'channel') {
    const channelId = input.conversation.id.split(';')[0] ?? input.conversation.id;
    const teamId = input.teamId ?? channelId;
    Object.assign(channelData, {
      teamsChannelId: channelId,
      teamsTeamId: teamId,
      channel: { id: channelId },
      team: { id: teamId },
    });
  }
  return {
    type,
    id,
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString().replace('Z', '+00:00'),
    localTimezone: 'Europe/Helsinki',
    locale,
    serviceUrl: input.serviceUrl,
    channelId: 'msteams',
    from: {
      id: input.from.id,
      ...(input.from.name !== undefined ? { name: input.from.name } : {}),
      ...(input.from.aadObjectId !== undefined ? { aadObjectId: input.from.aadObjectId } : {}),
    },
    conversation: {
      ...(input.conversation.conversationType !== 'personal' ? { isGroup: true as const } : {}),
      conversationType: input.conversation.conversationType,
      tenantId,
      id: input.conversation.id,
      ...(input.conversation.name !== undefined ? { name: input.conversation.name } : {}),
    },
    recipient: { id: `28:${appId}`, name: input.botName ?? FAKE_TEAMS.botName },
    entities: [{ type: 'clientInfo', locale, country: 'FI', platform: 'Web', timezone: 'Europe/Helsinki' }],
    channelData,
    ...(input.replyToId !== undefined ? { replyToId: input.replyToId } : {}),
  };
}

/** An Action.Execute press (Universal Actions) as Teams posts it: an `adaptiveCard/action` invoke. */
export function invokeActivity(input: InvokeActivityInput): TeamsActivity {
  const activity = baseActivity(input, 'invoke', input.id ?? `f:${randomDigits(19)}`);
  activity.name = 'adaptiveCard/action';
  activity.value = {
    action: { type: 'Action.Execute', verb: input.verb, data: input.data ?? {} },
    trigger: input.trigger ?? 'manual',
  };
  activity.channelData = {
    ...activity.channelData,
    source: { name: 'message' },
    ...(input.replyToId !== undefined ? { legacy: { replyToId: input.replyToId } } : {}),
  };
  return activity;
}

/** A message as Teams posts it; with `value` it is an Action.Submit (which cannot be answered with a card). */
export function messageActivity(input: MessageActivityInput): TeamsActivity {
  // Teams message ids are millisecond timestamps.
  const activity = baseActivity(input, 'message', input.id ?? String(Date.now() + next()));
  const botName = input.botName ?? FAKE_TEAMS.botName;
  const mention = `<at>${botName}</at>`;
  const text = input.mentionBot ? `${mention} ${input.text ?? ''}`.trimEnd() : input.text;
  if (text !== undefined) {
    activity.text = text;
    activity.textFormat = 'plain';
  }
  if (input.value !== undefined) activity.value = input.value;
  if (input.mentionBot) {
    activity.entities.unshift({
      type: 'mention',
      text: mention,
      mentioned: { id: activity.recipient.id, name: botName },
    });
  }
  if (input.value !== undefined && input.replyToId !== undefined) {
    activity.channelData = { ...activity.channelData, legacy: { replyToId: input.replyToId } };
  }
  return activity;
}

export interface PostedActivity {
  status: number;
  /** Parsed JSON, or the text, or undefined for an empty body. */
  body: unknown;
}

/** POSTs an activity to the bot as Teams does, `Authorization: Bearer <token>` if a token is given. */
export async function postActivity(url: string, activity: unknown, token?: string): Promise<PostedActivity> {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    throw new Error(`postActivity: refusing to post to ${host}; the fakes talk to loopback only`);
  }
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text.length ? text : undefined;
  if (text.length) {
    try {
      body = JSON.parse(text);
    } catch {
      // kept as text
    }
  }
  return { status: res.status, body };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

function randomDigits(n: number): string {
  let out = String(1 + ((randomBytes(1)[0] ?? 0) % 9));
  while (out.length < n) out += String((randomBytes(1)[0] ?? 0) % 10);
  return out;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** A fake takes whatever its client sends, up to a size no test comes near. */
const readAll = async (req: IncomingMessage): Promise<Buffer> =>
  (await readBody(req, 64 * 1024 * 1024)) ?? Buffer.alloc(0);

function listen(server: Server | HttpsServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Also drops keep-alive connections (fetch and MSAL keep them open), or close() would wait for their timeout. */
function closeServer(server: Server | HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
