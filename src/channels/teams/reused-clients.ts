/**
 * botbuilder's authentication, with its clients for calls to Teams made once and kept. botbuilder
 * makes a new ConnectorClient (a whole Azure HTTP pipeline) for every turn and for every call Toivo
 * makes on its own (a card redrawn for everyone after a click), and a new UserTokenClient with it:
 * a fifth of what such a call costs. Neither holds anything of a turn or a person: the bot's token
 * is fetched per request from botbuilder's own cache, so one client per app, service address and
 * audience serves every call alike.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';

/** More than any bot meets (Teams has a few regional service addresses): past it, all are made anew. */
const KEPT = 64;

/** The app a claims identity speaks for, as botbuilder reads it: its audience, else its app id. */
const appOf = (identity: ClaimsIdentity): string =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
  identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
  '';

/** Promises by key; one that fails is forgotten, so the next call tries again. */
class Kept<T> {
  private readonly made = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    const known = this.made.get(key);
    if (known) return known;
    if (this.made.size >= KEPT) this.made.clear();
    const made = make();
    this.made.set(key, made);
    made.catch(() => {
      if (this.made.get(key) === made) this.made.delete(key);
    });
    return made;
  }
}

class KeptConnectors extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly app: string,
    private readonly kept: Kept<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.kept.get(`${this.app}\n${serviceUrl}\n${audience ?? ''}`, () =>
      this.inner.create(serviceUrl, audience),
    );
  }
}

export class ReusedClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Kept<ConnectorClient>();
  private readonly tokenClients = new Kept<UserTokenClient>();

  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(...args);
    if (!result.connectorFactory) return result;
    const app = appOf(result.claimsIdentity);
    return { ...result, connectorFactory: new KeptConnectors(result.connectorFactory, app, this.connectors) };
  }

  override createConnectorFactory(identity: ClaimsIdentity): ConnectorFactory {
    return new KeptConnectors(super.createConnectorFactory(identity), appOf(identity), this.connectors);
  }

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(appOf(identity), () => super.createUserTokenClient(identity));
  }
}
