/**
 * The bot's own token for calls to Teams, through MSAL. botbuilder makes private-cloud credentials
 * for a login address that is not Microsoft's, but never tells MSAL that the address may be
 * trusted, so MSAL asks login.microsoftonline.com about it and fails where that cannot be reached.
 * Here the configured login authority is given to MSAL as a known authority: sovereign and private
 * clouds work, and so does a test that serves the token endpoint itself.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { MsalAppCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';

type Credentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;

export class KnownAuthorityCredentialsFactory extends ServiceClientCredentialsFactory {
  /** One MSAL client per login authority, so that its token cache is kept between calls. */
  private readonly clients = new Map<string, ConfidentialClientApplication>();

  constructor(
    private readonly appId: string,
    private readonly password: string,
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    // Toivo never runs Teams without an app id: the configuration refuses it.
    return false;
  }

  async createCredentials(appId: string, audience: string, loginEndpoint: string): Promise<Credentials> {
    if (appId !== this.appId) throw new Error('Invalid appId.');
    const authority = loginEndpoint.replace(/\/+$/, '');
    let client = this.clients.get(authority);
    if (!client) {
      client = new ConfidentialClientApplication({
        auth: {
          clientId: this.appId,
          clientSecret: this.password,
          authority,
          knownAuthorities: [new URL(authority).host],
        },
      });
      this.clients.set(authority, client);
    }
    // The same class in its ESM and CommonJS builds: botbuilder only calls its methods.
    return new MsalAppCredentials(client as never, appId, authority, audience) as unknown as Credentials;
  }
}
