// A real OpenID Provider (panva's oidc-provider) set up the way GOV.UK One Login treats relying
// parties, for signon-client's interoperability tests. Started by OidcProviderExtension; not for
// anything else: it keeps everything in memory and signs people in without asking.
//
// Environment:
//   PORT          port to listen on, on 127.0.0.1 only (0, the default, lets the OS choose)
//   CLIENTS_FILE  JSON {"clients": [...]} of client metadata (client_id, redirect_uris, jwks, ...)
//
// Prints "listening on <issuer>" once it accepts connections. Exits when stdin closes, so a test
// JVM that dies cannot leave it running.
//
// Besides the provider's own endpoints it serves, on loopback only:
//   GET  /interaction/:uid         completes the login and consent prompts for the test account
//                                  (login_hint may name another known account)
//   GET  /interaction/:uid/abort   the person declines: the client gets error=access_denied
//   POST /admin/rotate-signing-key a new ES256 signing key goes first in the JWKS (the old ones
//                                  stay published, as in a real rotation); answers {"kid": ...}

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';
// oidc-provider's own in-memory adapter, made once and shared by every Provider instance, so
// sessions, grants and tokens survive a key rotation (which swaps in a new instance). A deep
// import: the package pins the version.
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';

const ACCOUNTS = new Map(
  [
    {
      // One Login subjects are pairwise URNs of this shape.
      sub: 'urn:fdc:gov.uk:2022:interop-test-user',
      email: 'interop.test.user@example.gov.uk',
    },
    {
      sub: 'urn:fdc:gov.uk:2022:interop-second-user',
      email: 'interop.second.user@example.gov.uk',
    },
    {
      // Signed in with a password alone: One Login reports the lower vector of trust Cl whatever
      // the request's vtr asked for, so a relying party must compare vot itself.
      sub: 'urn:fdc:gov.uk:2022:interop-low-trust-user',
      email: 'interop.low.trust.user@example.gov.uk',
      vot: 'Cl',
    },
  ].map((account) => [account.sub, account]),
);
const DEFAULT_ACCOUNT = 'urn:fdc:gov.uk:2022:interop-test-user';

const { clients } = JSON.parse(readFileSync(process.env.CLIENTS_FILE, 'utf8'));
const requestedPort = Number.parseInt(process.env.PORT ?? '0', 10);

// Cookie keys outlive a key rotation, so a browser's session survives it.
const cookieKeys = [randomBytes(32).toString('base64url')];
const adapter = createMemoryAdapter(15);
const signingKeys = [];

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: `interop-es256-${signingKeys.length + 1}`, alg: 'ES256', use: 'sig' };
}

function configuration() {
  return {
    clients,
    adapter,
    // oidc-provider signs with the first matching key: the newest one.
    jwks: { keys: [...signingKeys] },
    cookies: { keys: cookieKeys },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'ES256',
    },
    // The openid scope's claims go into the ID token (vot, as One Login sends it); email and
    // email_verified only come from userinfo, as at One Login.
    claims: {
      openid: ['sub', 'vot'],
      email: ['email', 'email_verified'],
    },
    scopes: ['openid', 'email', 'offline_access'],
    extraParams: ['vtr'],
    async findAccount(_ctx, id) {
      const account = ACCOUNTS.get(id);
      if (!account) {
        return undefined;
      }
      return {
        accountId: account.sub,
        async claims() {
          return {
            sub: account.sub,
            email: account.email,
            email_verified: true,
            vot: account.vot ?? 'Cl.Cm',
          };
        },
      };
    },
    pkce: { required: () => true },
    // One Login's lifetimes: access token 180 s, ID token 120 s.
    ttl: {
      AccessToken: 180,
      IdToken: 120,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      RefreshToken: 3600,
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: false },
      // Any authenticated client may introspect (an API checking bearer tokens is often not the
      // client they were issued to); only a token's own client may revoke it.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => client.clientAuthMethod !== 'none'
          || token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = `<!DOCTYPE html><html><body>${form}`
            + '<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>'
            + '</body></html>';
        },
      },
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    // oidc-provider refuses outgoing requests to special-use addresses (SSRF protection). The
    // tests' back-channel logout listener is on loopback, so this provider alone lets requests
    // to 127.0.0.1 through.
    async fetch(url, options) {
      if (new URL(url).hostname === '127.0.0.1') {
        const { dispatcher: _ssrfGuard, ...rest } = options;
        return fetch(url, rest);
      }
      return fetch(url, options);
    },
    async renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
}

let issuer;
let provider;
let handler;

function startProvider() {
  provider = new Provider(issuer, configuration());
  provider.on('server_error', (_ctx, err) => console.error('server_error', err));
  for (const event of ['grant.error', 'authorization.error', 'end_session.error', 'introspection.error']) {
    provider.on(event, (_ctx, err) => {
      console.error(`${event}: ${err.message}${err.error_detail ? ` (${err.error_detail})` : ''}`);
    });
  }
  provider.on('backchannel.error', (_ctx, err, client) => {
    console.error(`backchannel logout to ${client.clientId} failed: ${err.message}`);
  });
  handler = provider.callback();
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    throw new Error('interaction cookie names another interaction');
  }
  if (action === 'abort') {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'The person declined to sign in',
    }, { mergeWithLastSubmission: false });
    return;
  }
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    const hinted = typeof params.login_hint === 'string' ? params.login_hint : undefined;
    const accountId = hinted !== undefined && ACCOUNTS.has(hinted) ? hinted : DEFAULT_ACCOUNT;
    await provider.interactionFinished(req, res, { login: { accountId } }, {
      mergeWithLastSubmission: false,
    });
    return;
  }
  if (prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) {
      grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    }
    if (prompt.details.missingOIDCClaims) {
      grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    }
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, {
      mergeWithLastSubmission: true,
    });
    return;
  }
  throw new Error(`unexpected prompt ${prompt.name}`);
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, issuer);
  const match = /^\/interaction\/([\w-]+)(?:\/(abort))?$/.exec(url.pathname);
  if (match && req.method === 'GET') {
    interaction(req, res, match[1], match[2]).catch((err) => {
      console.error('interaction failed', err);
      sendJson(res, 500, { error: 'server_error', error_description: err.message });
    });
    return;
  }
  if (url.pathname === '/admin/rotate-signing-key' && req.method === 'POST') {
    const key = newSigningKey();
    signingKeys.unshift(key);
    startProvider();
    console.log(`rotated signing key: ${key.kid} first of ${signingKeys.length}`);
    sendJson(res, 200, { kid: key.kid });
    return;
  }
  handler(req, res);
});

signingKeys.push(newSigningKey());

server.listen(requestedPort, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  startProvider();
  console.log(`listening on ${issuer}`);
});

process.stdin.on('end', () => {
  console.log('stopping: stdin closed');
  process.exit(0);
});
process.stdin.resume();
process.on('SIGTERM', () => {
  console.log('stopping: SIGTERM');
  process.exit(0);
});
