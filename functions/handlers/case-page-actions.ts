/**
 * `POST /cases/{id}/actions/{action}`: the case page's buttons and the alert links'
 * confirmation forms. The token in the form is signed for that one action; after acting the
 * browser is sent back (303) to the case page, which shows the new state.
 */
import type { ActionOutcome, Actor } from '../use-cases/case-actions.ts';
import type { FollowUpDeps } from '../use-cases/followups.ts';
import { handOffCase } from '../use-cases/handoff.ts';
import { NOTICES, type PageAction } from '../views/actions.ts';
import { messagePage } from '../views/layout.ts';
import { baseUrlOf, errorPage, formOf, htmlPage, type Pages, type Route } from './case-links.ts';
import { checkToken, derivedFrom } from './link-tokens.ts';

const PAGE_ACTIONS: readonly string[] = ['ack', 'resolve', 'handoff', 'unsuppress'] satisfies PageAction[];

export type Act = (action: Exclude<PageAction, 'handoff'>, caseId: string, actor: Actor) => Promise<ActionOutcome>;

const actorOf = (form: URLSearchParams): Actor => {
  // The page cannot know who is holding the phone; it asks, and says where the click came from.
  const via = form.get('via') === 'link' ? 'link' : 'page';
  const named = (form.get('name') ?? '').trim().slice(0, 80);
  return { who: named || (via === 'link' ? 'alert link' : 'case page'), via };
};

/** The hand-off a form asks for, or what is wrong with it; checked before the token is spent. */
const handoffOf = (form: URLSearchParams, deps: FollowUpDeps): { department: string; note?: string } | string => {
  const department = (form.get('department') ?? '').trim();
  const known = Object.keys(deps.config.departments);
  if (!department) return 'Form field department is required.';
  if (!known.includes(department)) {
    return `Form field department: no department "${department}"; expected one of ${known.join(', ') || '(none configured)'}.`;
  }
  const note = (form.get('note') ?? '').trim();
  return { department, ...(note && { note }) };
};

export const pageActionRoute =
  (act: Act, followUps: () => FollowUpDeps, pages: Pages): Route =>
  async (event) => {
    const caseId = event.pathParameters?.id ?? '';
    const action = event.pathParameters?.action ?? '';
    if (!PAGE_ACTIONS.includes(action)) {
      return errorPage(404, 'No such action', `Path segment action must be one of ${PAGE_ACTIONS.join(', ')}.`);
    }
    const form = formOf(event);
    if (!(form instanceof URLSearchParams)) return form;
    const handoff = action === 'handoff' ? handoffOf(form, followUps()) : undefined;
    if (typeof handoff === 'string') return errorPage(400, 'Hand-off not sent', handoff);
    const token = form.get('token') ?? undefined;
    const checked = await checkToken(
      { caseId, action: action as PageAction, token, where: 'form field', use: 'spend' },
      pages(),
    );
    if ('rejected' in checked) return checked.rejected;
    const actor = actorOf(form);
    const outcome = handoff
      ? await handOffCase(caseId, { ...handoff, who: actor.who, via: actor.via }, followUps())
      : await act(action as Exclude<PageAction, 'handoff'>, caseId, actor);
    if (outcome.outcome === 'not_found') return errorPage(404, 'No such case', `Sundown has no case ${caseId}.`);
    const view = (await derivedFrom(caseId, checked.link, pages().secrets)).link(
      baseUrlOf(event, pages().config),
      'view',
    );
    const done = `${action}-${outcome.outcome}`;
    if (view) return htmlPage(303, '', { location: `${view}&done=${done}` });
    // A link that does not grant the case page gets the outcome alone.
    return htmlPage(200, messagePage('Done', NOTICES[done]?.text ?? `Case ${caseId}: ${done}.`));
  };
