/** Teams' light-theme text colours, the same on plain and emphasised containers. */
const FOREGROUND = {
  default: { default: '#242424', subtle: '#616161' },
  accent: { default: '#5B5FC7', subtle: '#4F52B2' },
  good: { default: '#237B4B', subtle: '#237B4B' },
  warning: { default: '#835C00', subtle: '#835C00' },
  attention: { default: '#C4314B', subtle: '#C4314B' },
} as const;

/** A host config close to Teams' light theme, for drawing cards as Teams would in the playground. */
export const TEAMS_HOST_CONFIG = {
  fontFamily: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', sans-serif",
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E1DFDD' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: FOREGROUND,
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: FOREGROUND,
    },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16 },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  inputs: { label: { requiredInputs: { suffix: ' *' }, optionalInputs: {} } },
  // A card's title is a heading under the page's "Teamsissa" (h2), as Slack's header is an h3.
  textBlock: { headingLevel: 3 },
  factSet: { title: { weight: 'bolder', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 8 },
} as const;

/** CSS that gives the rendered card Teams' look: rounded purple buttons, a white card on grey. */
export const TEAMS_CSS = `
.teams-message{background:#F5F5F5;padding:12px;max-width:640px}
.teams-message .ac-adaptiveCard{border-radius:4px;box-shadow:0 1px 2px rgba(0,0,0,.14)}
/* A row of buttons wider than the card goes on to a next line, as the Teams client shows them, not cut off. */
.teams-message .ac-actionSet{flex-wrap:wrap;row-gap:8px}
.ac-pushButton{font:600 14px 'Segoe UI',system-ui,sans-serif;border:1px solid #D1D1D1;background:#fff;color:#242424;border-radius:4px;padding:5px 12px;min-height:32px;cursor:pointer}
.ac-pushButton.style-positive{background:#5B5FC7;border-color:#5B5FC7;color:#fff}
.ac-pushButton.style-destructive{color:#C4314B;border-color:#C4314B}
/* A refusal said above the input it is about, as a refused form says it (bolder, in the attention colour). */
.teams-message .refusal-message{color:#C4314B;font-weight:600;margin:0 0 4px}
.ac-input{font:14px 'Segoe UI',system-ui,sans-serif;border:1px solid #D1D1D1;border-radius:4px;padding:5px 8px;box-sizing:border-box}
`;
