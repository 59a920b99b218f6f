/**
 * adaptivecards-templating's types import `adaptivecards/src/schema`, which resolves to the
 * adaptivecards package's TypeScript sources; those do not compile under this project's settings.
 * tsconfig maps that one import here. We only use the templating's Template class.
 */
export type IAdaptiveCard = Record<string, unknown>;
