/**
 * The local dashboard: open cases, closest to breaching first, rendered on the server and then
 * refreshed every 2 s from /local/cases.json by a small inline script (no external assets).
 */

import type { OpenCaseFilter } from '../functions/use-cases/open-cases.ts';
import { escapeHtml } from '../functions/views/html.ts';
import { layout } from '../functions/views/layout.ts';
import { remaining } from '../functions/views/time.ts';
import type { DashboardData, DashboardRow } from './dashboard-data.ts';
import { filterForm } from './dashboard-filters.ts';

export const DASHBOARD_JSON_PATH = '/local/cases.json';

const row = (r: DashboardRow, now: Date): string => {
  const left = r.dueAt ? remaining(r.dueAt, now) : undefined;
  const customer = r.viewUrl
    ? `<a href="${escapeHtml(r.viewUrl)}">${escapeHtml(r.customer)}</a>`
    : escapeHtml(r.customer);
  return `<tr data-case="${escapeHtml(r.id)}"><td class="${left?.overdue ? 'overdue' : ''}">${escapeHtml(left ? left.text : 'no clock running')}</td><td>${customer}${r.suppressed ? ' <span class="tag">suppressed</span>' : ''}<br><small>${escapeHtml(r.subject)}</small></td><td>${escapeHtml(r.channel)}</td><td><span class="tag ${escapeHtml(r.priority)}">${escapeHtml(r.priority)}</span></td><td>${r.escalationLevel ? `level ${r.escalationLevel}` : ''}${r.deliveryProblems.map((p) => `<br><small class="overdue">${escapeHtml(p)}</small>`).join('')}</td><td>${escapeHtml(r.status)}</td><td class="assignee">${escapeHtml(r.assignee ?? '')}</td></tr>`;
};

/** Mirrors `row` above with DOM calls, so customer text is never parsed as HTML. */
export const REFRESH_SCRIPT = `<script>
(()=>{const s=m=>{const a=Math.abs(m),n=Math.floor(a/6e4);if(n<1)return Math.floor(a/1e3)+' s';if(n<60)return n+' min';const h=Math.floor(n/60);return h<48?(n%60?h+' h '+n%60+' min':h+' h'):Math.floor(h/24)+' d '+h%24+' h'};
const el=(t,c,x)=>{const e=document.createElement(t);if(c)e.className=c;if(x!==undefined)e.textContent=x;return e};
const draw=d=>{const now=Date.parse(d.now),body=document.getElementById('cases'),rows=[];
for(const r of d.cases){const tr=el('tr');tr.dataset.case=r.id;const m=r.dueAt?Date.parse(r.dueAt)-now:undefined;
tr.append(el('td',m<0?'overdue':'',m===undefined?'no clock running':m>=0?s(m)+' left':'overdue by '+s(m)));
const who=el('td');const name=r.viewUrl?el('a','',r.customer):document.createTextNode(r.customer);if(r.viewUrl)name.href=r.viewUrl;who.append(name);
if(r.suppressed){who.append(' ',el('span','tag','suppressed'))}who.append(el('br'),el('small','',r.subject));tr.append(who,el('td','',r.channel));
const p=el('td');p.append(el('span','tag '+r.priority,r.priority));tr.append(p,el('td','',r.escalationLevel?'level '+r.escalationLevel:''),el('td','',r.status),el('td','assignee',r.assignee||''));rows.push(tr)}
body.replaceChildren(...rows);document.getElementById('count').textContent=d.cases.length+' open'+(d.truncated?' (more not shown)':'');document.getElementById('updated').textContent=new Date(now).toLocaleTimeString()};
const poll=async()=>{try{const r=await fetch('${DASHBOARD_JSON_PATH}'+location.search,{cache:'no-store'});if(r.ok)draw(await r.json())}catch{}};setInterval(poll,2000)})();
</script>`;

export const renderDashboard = (data: DashboardData, filter: OpenCaseFilter = {}): string => {
  const now = new Date(data.now);
  return layout(
    'Sundown: open cases',
    `<h1>Open cases</h1><p class="muted"><span id="count">${data.cases.length} open${data.truncated ? ' (more not shown)' : ''}</span>, closest to breaching first · updated <span id="updated">${escapeHtml(data.now)}</span></p>
${filterForm(filter)}
<div class="scroll"><table><thead><tr><th>Time to breach</th><th>Customer</th><th>Channel</th><th>Priority</th><th>Escalation</th><th>Status</th><th>Assignee</th></tr></thead>
<tbody id="cases">${data.cases.map((r) => row(r, now)).join('')}</tbody></table></div>
<p><small>Local stack only. Cases appear as webhooks arrive; this page refreshes every 2 s.</small></p>${REFRESH_SCRIPT}`,
  );
};
