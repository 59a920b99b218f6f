/** The playground's page: a shell; the script draws everything from /api/state. */
import { SLACK_CSS } from './slack-html.js';
import { TEAMS_CSS, TEAMS_HOST_CONFIG } from './teams-host-config.js';

const PAGE_CSS = `
html{scroll-padding-top:96px} /* what has focus is not hidden under the sticky header */
body{margin:0;font:14px system-ui,sans-serif;background:#fafafa;color:#222}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #ddd;padding:10px 16px;display:flex;flex-wrap:wrap;gap:12px;align-items:center}
header h1{font-size:18px;margin:0 12px 0 0}
header label{display:flex;gap:6px;align-items:center}
#intro{padding:8px 16px;color:#555;max-width:900px}
.row{display:grid;grid-template-columns:1fr 1fr;gap:16px;padding:8px 16px;align-items:start}
.side h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#595959;margin:4px 0}
#notice:empty,#form:empty{display:none}
#notice{border:2px solid #c4314b;background:#fff5f6;margin:8px 16px}
#form{border:2px solid #5b5fc7;background:#f4f4ff;margin:8px 16px}
#direct:empty{display:none}
#direct{border-top:3px double #ccc;margin:16px 0 0}
#direct>h2{font-size:14px;margin:8px 16px;color:#555}
.modal-actions{display:flex;gap:8px;justify-content:flex-end;padding:8px 0}
`;

export function playgroundPage(): string {
  return `<!doctype html>
<html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Toivo</title><style>${PAGE_CSS}${TEAMS_CSS}${SLACK_CSS}</style></head>
<body>
<header>
  <h1 id="title">Toivo</h1>
  <label><span id="meeting-label"></span><select id="meeting-select"></select></label>
  <label id="locale-box"><span id="locale-label"></span><select id="locale-select"><option value="fi">Suomi</option><option value="sv">Svenska</option><option value="en">English</option></select></label>
  <label><span id="as-label"></span><select id="as-select"></select></label>
  <span id="clock"></span>
  <span id="clock-buttons"></span>
  <a id="memo-link" hidden></a>
</header>
<p id="intro"></p>
<section id="notice" role="alert" aria-live="assertive"></section>
<section id="form" aria-live="polite"></section>
<main id="messages"></main>
<section id="direct" aria-live="polite"></section>
<script>window.TOIVO_HOST_CONFIG = ${JSON.stringify(TEAMS_HOST_CONFIG)};</script>
<script src="/playground/adaptivecards.js"></script>
<script src="/playground/client.js"></script>
</body></html>`;
}
