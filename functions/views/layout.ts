/**
 * The page frame shared by the case page, the action confirmations and error pages: inline
 * CSS, a phone viewport, no external assets, and nothing that needs JavaScript to be correct.
 */
import { escapeHtml } from './html.ts';

export const PAGE_STYLES = `
:root{color-scheme:light dark;--fg:#1b1d21;--muted:#5d6370;--card:#f4f5f8;--line:#d9dce3;--in:#eef0f5;--out:#e2f2e6;--warn:#b3261e;--ok:#1d6b33;--accent:#243c8f}
@media (prefers-color-scheme:dark){:root{--fg:#e8e9ec;--muted:#a3a8b4;--card:#1e2127;--line:#333845;--in:#242832;--out:#1d3124;--warn:#ff8a80;--ok:#8fd19e;--accent:#8ea8ff}}
*{box-sizing:border-box}
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);max-width:42rem;margin:0 auto;padding:.75rem}
h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.3rem 0 .4rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
ul,ol{padding-left:1.1rem;margin:.3rem 0}
.muted,small{color:var(--muted)}small{font-size:.82rem}
.banner{padding:.6rem .8rem;border-radius:.5rem;margin:.5rem 0;background:var(--card);border-left:.3rem solid var(--accent)}
.banner.bad{border-color:var(--warn)}
.tag{display:inline-block;font-size:.75rem;font-weight:600;padding:.05rem .45rem;border-radius:1rem;border:1px solid var(--line);margin-right:.25rem;white-space:nowrap}
.urgent,.overdue,.breached{color:var(--warn)}.tag.urgent,.tag.overdue,.tag.breached{border-color:var(--warn)}.met{color:var(--ok);border-color:var(--ok)}
.transcript{list-style:none;padding:0}
.msg{margin:.5rem 0;padding:.5rem .7rem;border-radius:.6rem;background:var(--in);max-width:92%}
.msg.outbound{background:var(--out);margin-left:auto}
.msg p{margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.msg.deleted p{text-decoration:line-through;opacity:.7}
.mark{color:var(--warn);font-size:.82rem}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .25rem;border-bottom:1px solid var(--line);vertical-align:top}
form{margin:0}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.8rem 0;padding:.6rem;border-radius:.6rem;background:var(--card)}.actions button{flex:1 1 8rem}
button{font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:.5rem;border:0;background:var(--accent);color:#fff;min-height:2.75rem}
button.secondary{background:var(--muted)}
input,select,textarea{font:inherit;padding:.45rem;border:1px solid var(--line);border-radius:.4rem;background:Canvas;color:var(--fg);width:100%}
label{display:block;font-size:.85rem;margin:.3rem 0}
details{margin:.4rem 0}summary{cursor:pointer}
.full{flex:1 1 100%}.scroll{overflow-x:auto}
`;

/** Re-counts "12 min left" / "overdue by …" every 15 s; the server already rendered the right text. */
export const TICK_SCRIPT = `<script>
(()=>{const s=m=>{const a=Math.abs(m),n=Math.floor(a/6e4);if(n<1)return Math.floor(a/1e3)+' s';if(n<60)return n+' min';const h=Math.floor(n/60);return h<48?(n%60?h+' h '+n%60+' min':h+' h'):Math.floor(h/24)+' d '+h%24+' h'};
const t=()=>{for(const e of document.querySelectorAll('[data-due]')){const m=Date.parse(e.dataset.due)-Date.now();e.textContent=m>=0?s(m)+' left':'overdue by '+s(m);e.classList.toggle('overdue',m<0)}};setInterval(t,15e3)})();
</script>`;

export const layout = (title: string, body: string, options: { readonly ticking?: boolean } = {}): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${PAGE_STYLES}</style></head><body>${body}${options.ticking ? TICK_SCRIPT : ''}</body></html>`;

/** A page with one message: confirmations of errors, and what went wrong in the caller's words. */
export const messagePage = (title: string, message: string): string =>
  layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
