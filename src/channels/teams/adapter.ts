/**
 * botbuilder's CloudAdapter with the request's authentication done first and apart: any failure
 * to authenticate is a 401 that reaches no handler (botbuilder itself answers some forged tokens
 * with 500), and an activity that is not one is a 400.
 */
import {
  type Activity,
  CloudAdapter,
  type ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';

export interface Answer {
  readonly status: number;
  readonly body?: unknown;
}

const isActivity = (x: unknown): x is Activity =>
  typeof x === 'object' &&
  x !== null &&
  !Array.isArray(x) &&
  typeof (x as { type?: unknown }).type === 'string';

export class TeamsAdapter extends CloudAdapter {
  constructor(private readonly auth: ConfigurationBotFrameworkAuthentication) {
    super(auth);
  }

  /** Authenticates the request, then runs `logic` for its activity; the answer for the HTTP response. */
  async handle(
    body: unknown,
    authorization: string,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<Answer> {
    if (!isActivity(body)) return { status: 400 };
    let authenticated: Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
    try {
      authenticated = await this.auth.authenticateRequest(body, authorization);
    } catch {
      return { status: 401 };
    }
    const invoke: InvokeResponse | undefined = await this.processActivity(authenticated, body, logic);
    return { status: invoke?.status ?? 200, ...(invoke?.body !== undefined ? { body: invoke.body } : {}) };
  }
}
