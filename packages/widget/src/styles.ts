// The widget's stylesheet, scoped by its shadow root: the host page's CSS cannot reach in, nor this out.
export const styles = `
:host{all:initial;position:fixed;z-index:2147483000;bottom:20px;right:20px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
--bg:#fff;--fg:#18181b;--muted:#71717a;--line:#e4e4e7;--bubble:#f4f4f5;--field:#fff}
:host([data-position=left]){right:auto;left:20px}
:host([data-theme=dark]){--bg:#18181b;--fg:#f4f4f5;--muted:#a1a1aa;--line:#3f3f46;--bubble:#27272a;--field:#27272a}
*{box-sizing:border-box}
button{font:inherit;color:inherit;cursor:pointer}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.launcher{width:56px;height:56px;border:0;border-radius:50%;background:var(--accent);color:#fff;display:grid;place-items:center;box-shadow:0 8px 24px rgba(0,0,0,.18);transition:transform .15s}
.launcher:hover{transform:scale(1.05)}
.launcher svg{width:26px;height:26px}
.panel{position:absolute;bottom:72px;right:0;width:380px;height:min(600px,calc(100vh - 110px));display:flex;flex-direction:column;background:var(--bg);border:1px solid var(--line);border-radius:16px;overflow:hidden;box-shadow:0 16px 48px rgba(0,0,0,.2)}
:host([data-position=left]) .panel{right:auto;left:0}
.panel[hidden]{display:none}
header{display:flex;align-items:center;gap:10px;padding:14px 14px 14px 18px;background:var(--accent);color:#fff}
header h2{flex:1;margin:0;font-size:15px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
header button{width:32px;height:32px;border:0;border-radius:8px;background:transparent;color:#fff;display:grid;place-items:center;opacity:.9}
header button:hover{background:rgba(255,255,255,.18);opacity:1}
header button:focus-visible{outline-color:#fff}
header svg{width:18px;height:18px}
.log{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:10px}
.msg{max-width:85%;padding:9px 13px;border-radius:14px;overflow-wrap:anywhere;white-space:normal}
.assistant{align-self:flex-start;background:var(--bubble);border-bottom-left-radius:4px}
.user{align-self:flex-end;background:var(--accent);color:#fff;border-bottom-right-radius:4px;white-space:pre-wrap}
.msg p,.msg ul,.msg ol,.msg pre,.msg blockquote,.msg h3,.msg h4,.msg h5{margin:0 0 8px}
.msg>:last-child{margin-bottom:0}
.msg ul,.msg ol{padding-left:20px}
.msg h3,.msg h4,.msg h5{font-size:14px}
.msg code{font:12.5px ui-monospace,Menlo,monospace;background:rgba(127,127,127,.15);padding:1px 4px;border-radius:4px}
.msg pre{font:12.5px/1.45 ui-monospace,Menlo,monospace;background:rgba(127,127,127,.15);padding:8px 10px;border-radius:8px;overflow-x:auto;white-space:pre}
.msg blockquote{border-left:3px solid var(--line);padding-left:10px;color:var(--muted)}
.msg a{color:inherit;text-decoration:underline}
.typing{display:flex;gap:4px;padding:14px 13px}
.typing i{width:6px;height:6px;border-radius:50%;background:var(--muted);animation:blink 1.2s infinite}
.typing i:nth-child(2){animation-delay:.2s}.typing i:nth-child(3){animation-delay:.4s}
@keyframes blink{0%,80%,100%{opacity:.25}40%{opacity:1}}
.error{align-self:stretch;font-size:13px;color:#b91c1c;background:#fef2f2;border:1px solid #fecaca;border-radius:10px;padding:8px 12px}
.compose{display:flex;gap:8px;align-items:flex-end;padding:12px;border-top:1px solid var(--line)}
.rate{align-self:flex-start;display:flex;flex-wrap:wrap;align-items:center;gap:2px;margin-top:-6px;font-size:12px;color:var(--muted)}
.rate button{width:28px;height:28px;border:0;border-radius:8px;background:transparent;color:var(--muted);display:grid;place-items:center}
.rate button:hover{background:var(--bubble);color:var(--fg)}
.rate button[aria-pressed=true]{color:var(--accent)}
.rate [aria-pressed=true] svg{fill:currentColor;fill-opacity:.25}
.rate svg{width:15px;height:15px}
.rate .down svg{transform:rotate(180deg)}
.rate span{padding-left:4px}
.why{display:flex;gap:6px;width:100%;margin-top:4px}
.why input{flex:1;min-width:0;padding:6px 10px;border:1px solid var(--line);border-radius:8px;background:var(--field);color:var(--fg);font:inherit}
.rate .why button{width:auto;padding:0 10px;background:var(--accent);color:#fff}
textarea{flex:1;resize:none;max-height:120px;min-height:40px;padding:9px 12px;border:1px solid var(--line);border-radius:10px;background:var(--field);color:var(--fg);font:inherit}
textarea:focus{outline:none;border-color:var(--accent);box-shadow:0 0 0 3px color-mix(in srgb,var(--accent) 25%,transparent)}
.send{width:40px;height:40px;border:0;border-radius:10px;background:var(--accent);color:#fff;display:grid;place-items:center}
.send:disabled{opacity:.5;cursor:default}
.send svg{width:18px;height:18px}
footer{padding:0 0 8px;text-align:center;font-size:11px;color:var(--muted)}
:host([data-layout=page]){inset:0}
:host([data-layout=page]) .panel{position:fixed;inset:0;width:auto;height:auto;border:0;border-radius:0;box-shadow:none}
:host([data-layout=page]) .log,:host([data-layout=page]) .compose{width:100%;max-width:760px;margin:0 auto}
:host([data-layout=page]) .compose{border-top:0;padding-bottom:16px}
:host([data-layout=page]) header{padding:16px 24px}
:host([data-layout=page]) header h2{font-size:17px}
@media (max-width:480px){:host{bottom:12px;right:12px}:host([data-position=left]){left:12px}
.panel{position:fixed;inset:0;width:auto;height:auto;border-radius:0;border:0}}
`;
