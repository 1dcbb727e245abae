/** The work list's filter form: a plain GET form, so a filtered list is a link one can share. */
import { CHANNELS, PRIORITIES } from '../functions/domain/case.ts';
import { OPEN_STATUSES, type OpenCaseFilter } from '../functions/use-cases/open-cases.ts';
import { escapeHtml } from '../functions/views/html.ts';

const select = (name: string, label: string, options: readonly string[], chosen: string | undefined) =>
  `<label>${label} <select name="${name}"><option value="">any</option>${options
    .map((o) => `<option${o === chosen ? ' selected' : ''}>${escapeHtml(o)}</option>`)
    .join('')}</select></label>`;

export const filterForm = (filter: OpenCaseFilter, action = ''): string =>
  `<form id="filters" method="get"${action ? ` action="${escapeHtml(action)}"` : ''} class="filters">
${select('status', 'Status', OPEN_STATUSES, filter.status)}
${select('channel', 'Channel', CHANNELS, filter.channel)}
${select('priority', 'Priority', PRIORITIES, filter.priority)}
<label>Assignee <input name="assignee" size="12" placeholder="name or none" value="${escapeHtml(filter.assignee ?? '')}"></label>
<label>Customer <input name="search" type="search" size="20" placeholder="@handle, e-mail or phone" value="${escapeHtml(filter.search ?? '')}"></label>
<button type="submit">Filter</button></form>`;
