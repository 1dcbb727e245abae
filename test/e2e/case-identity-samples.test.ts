/**
 * Every webhook body in test/fixtures/platform-samples/ (X, Meta, WhatsApp) posted byte for byte as
 * the platform sends it, signed with the test secrets: each is stored (its message in a case with
 * its text, the raw payload in the audit with every digit) or acknowledged as ignored by design,
 * or kept waiting for the message it refers to. Nothing accepted is lost; nothing reaches the DLQ.
 *
 * Templates and composed files have their placeholders filled by text replacement; bare changes are
 * wrapped in their envelope with their own bytes inside. Each says what changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../functions/domain/case.ts';
import { signMeta, signX } from '../fixtures/build.ts';
import { BRAND } from '../fixtures/derived-samples.ts';
import { sampleText } from '../fixtures/samples.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';
import { storeOf } from './case-identity.support.ts';
import { type Accepted, viewOf } from './intake-platforms.support.ts';

type Outcome =
  /** Stored: each message in a case, with this text (and delivery status, for WhatsApp statuses). */
  | {
      readonly stored: readonly {
        channel: Channel;
        id: string;
        text: string;
        deliveryStatus?: string;
        /** What the raw payload in the audit must hold, digit for digit. */
        raw?: readonly RegExp[];
      }[];
    }
  /** Answered 200 and not queued: the body carries nothing Sundown acts on (likes, follows, typing). */
  | { readonly ignoredAtReceipt: true }
  /** Queued and recorded as processed without a case: the brand's own post starts no conversation. */
  | { readonly ignoredByDesign: true }
  /**
   * Kept until the message it refers to arrives (a deletion of a post Sundown never received):
   * once `original` (that post, derived from a sample) is delivered, it is stored deleted.
   */
  | { readonly waitsFor: { channel: Channel; id: string; original: () => string } };

interface Replay {
  readonly sample: string;
  readonly route: 'x' | 'meta';
  readonly body: () => string;
  readonly outcome: Outcome;
}

const verbatim = (sample: string) => () => sampleText(sample);

/**
 * x-aaa-tweet_create_events-longform.template.txt with its `"user": { ... }` placeholder filled by
 * x-v1-user-object.official.json, as xAaaLongform() does, but kept as text: its numeric `id`
 * (1924465506158879000, above 2^53) reaches Sundown as X wrote it.
 */
const longform = () =>
  sampleText('x-aaa-tweet_create_events-longform.template.txt').replace(
    '"user": { ... }',
    `"user": ${sampleText('x-v1-user-object.official.json')}`,
  );

/**
 * longform() with the post's id changed to another 64-bit value whose number has no shorter
 * double form: `id` 1924465506158878981 and `id_str` to match. JSON.parse would make it ...8979 or
 * ...9000; only a lossless path keeps it.
 */
const LONGFORM_EXACT_ID = '1924465506158878981';
const longformExactId = () =>
  longform()
    .replace('"id": 1924465506158879000', `"id": ${LONGFORM_EXACT_ID}`)
    .replace('"id_str": "1924465506158878979"', `"id_str": "${LONGFORM_EXACT_ID}"`);

/** meta-instagram-mentions-*.json hold the docs' one-element array; Meta posts the object: the text inside the brackets. */
const firstOfArray = (sample: string) => () => {
  const text = sampleText(sample).trim();
  return text.slice(1, -1).trim();
};

/** meta-messenger-message.composed.json with `<PAGE_ID>` and `<PSID>` filled in as messengerMessage() does. */
const messenger = () =>
  sampleText('meta-messenger-message.composed.json')
    .replaceAll('<PAGE_ID>', BRAND.facebookPage)
    .replaceAll('<PSID>', '1254459154682919');

/**
 * meta-page-feed-comment.TEMPLATE.json with its placeholders filled as pageFeedComment() does (the
 * brand's Page, post 444444444, the page mention sample's sender as commenter) and its zero times
 * set to the feed status sample's.
 */
const feedComment = () =>
  sampleText('meta-page-feed-comment.TEMPLATE.json')
    .replaceAll('<PAGE_ID>', BRAND.facebookPage)
    .replaceAll('<POST_ID>', '444444444')
    .replaceAll('<COMMENT_ID>', '555555555')
    .replaceAll('<USER_OR_PAGE_ID>', '44444444')
    .replaceAll('<NAME>', 'Example Name')
    .replaceAll('<COMMENT_TEXT>', 'Example comment content.')
    .replace('"time": 0', '"time": 1615408002')
    .replace('"created_time": 0', '"created_time": 1615408000');

/**
 * meta-page-feed-status-add.dashboard-sample.json (a bare change) inside a page envelope for the
 * brand's Page; its post_id changed to a post on that Page (the page mention sample has the same id).
 */
const feedStatus = () =>
  `{"object":"page","entry":[{"id":"${BRAND.facebookPage}","time":1615407990,"changes":[${sampleText(
    'meta-page-feed-status-add.dashboard-sample.json',
  ).replace('"44444444_444444444"', `"${BRAND.facebookPage}_444444444"`)}]}]}`;

/** meta-instagram-comments.dashboard-sample.json (field and value) inside an entry, as Business Login sends it (meta.md §4). */
const instagramComment = () =>
  `{"object":"instagram","entry":[{"id":"${BRAND.instagram}","time":1520622968,${sampleText(
    'meta-instagram-comments.dashboard-sample.json',
  )
    .trim()
    .slice(1, -1)}}]}`;

/** whatsapp-message-contacts.json reuses the wamid of whatsapp-message-text.json (a docs artefact): its id changed. */
const whatsappContacts = () =>
  sampleText('whatsapp-message-contacts.json').replace(
    'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
    'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RwA=',
  );

/**
 * The post x-aaa-tweet_delete_events.json deletes, which no sample delivers: x-aaa-tweet_create_events.composed.json
 * delivered for the brand (for_user_id changed) with id_str 1045405559317569537 and the deleting user's ids.
 */
const deletedV1Post = () =>
  sampleText('x-aaa-tweet_create_events.composed.json')
    .replace('"for_user_id": "2244994945"', `"for_user_id": "${BRAND.xAaa}"`)
    .replace('"id_str": "1228393702244134912"', '"id_str": "1045405559317569537"')
    .replace('"id": 2244994945', '"id": 930524282358325248')
    .replace('"id_str": "2244994945"', '"id_str": "930524282358325248"');

/** The post x-xaa-post.delete.json deletes: x-xaa-post.mention.create.json with its post id changed to 2080761269309813134. */
const deletedV2Post = () =>
  sampleText('x-xaa-post.mention.create.json').replaceAll('2080765813578191303', '2080761269309813134');

const REPLAYS: readonly Replay[] = [
  {
    sample: 'x-aaa-direct_message_events.json',
    route: 'x',
    body: verbatim('x-aaa-direct_message_events.json'),
    outcome: { stored: [{ channel: 'x', id: '954491830116155396', text: 'Hello World!' }] },
  },
  ...[
    'x-aaa-direct_message_indicate_typing_events.json',
    'x-aaa-direct_message_mark_read_events.json',
    'x-aaa-favorite_events.composed.json',
    'x-aaa-user_event-revoke.json',
    'x-xaa-follow.follow.json',
    'x-xaa-like.create.json',
  ].map((sample): Replay => ({ sample, route: 'x', body: verbatim(sample), outcome: { ignoredAtReceipt: true } })),
  {
    // for_user_id is the author: the account's own post.
    sample: 'x-aaa-tweet_create_events.composed.json',
    route: 'x',
    body: verbatim('x-aaa-tweet_create_events.composed.json'),
    outcome: { ignoredByDesign: true },
  },
  {
    sample: 'x-aaa-tweet_create_events-longform.template.txt',
    route: 'x',
    body: longform,
    outcome: {
      stored: [
        {
          channel: 'x',
          id: '1924465506158878979',
          text: 'The Antikythera Mechanism: A Window into Ancient Ingenuity Discovered in 1901 among the wreckage of a Roman ship off the Greek island of Antikythera...',
          raw: [/"id":1924465506158879000[,}]/, /"id":1661523610111193000[,}]/],
        },
      ],
    },
  },
  {
    sample: 'x-aaa-tweet_create_events-longform.template.txt (64-bit id)',
    route: 'x',
    body: longformExactId,
    outcome: {
      stored: [
        {
          channel: 'x',
          id: LONGFORM_EXACT_ID,
          text: 'The Antikythera Mechanism: A Window into Ancient Ingenuity Discovered in 1901 among the wreckage of a Roman ship off the Greek island of Antikythera...',
          raw: [new RegExp(`"id":${LONGFORM_EXACT_ID}[,}]`)],
        },
      ],
    },
  },
  {
    // The account deletes its own post, which no sample delivers.
    sample: 'x-aaa-tweet_delete_events.json',
    route: 'x',
    body: verbatim('x-aaa-tweet_delete_events.json'),
    outcome: { waitsFor: { channel: 'x', id: '1045405559317569537', original: deletedV1Post } },
  },
  {
    sample: 'x-xaa-dm.received.json',
    route: 'x',
    body: verbatim('x-xaa-dm.received.json'),
    outcome: { stored: [{ channel: 'x', id: '2080765901528535096', text: 'hello!' }] },
  },
  {
    sample: 'x-xaa-post.create.json',
    route: 'x',
    body: verbatim('x-xaa-post.create.json'),
    outcome: { ignoredByDesign: true },
  },
  {
    sample: 'x-xaa-post.delete.json',
    route: 'x',
    body: verbatim('x-xaa-post.delete.json'),
    outcome: { waitsFor: { channel: 'x', id: '2080761269309813134', original: deletedV2Post } },
  },
  {
    sample: 'x-xaa-post.mention.create.json',
    route: 'x',
    body: verbatim('x-xaa-post.mention.create.json'),
    outcome: { stored: [{ channel: 'x', id: '2080765813578191303', text: 'hey @ExampleUser' }] },
  },
  {
    sample: 'meta-graph-user-photos-sample.json',
    route: 'meta',
    body: verbatim('meta-graph-user-photos-sample.json'),
    outcome: { ignoredAtReceipt: true },
  },
  {
    sample: 'meta-instagram-comments.dashboard-sample.json',
    route: 'meta',
    body: instagramComment,
    outcome: { stored: [{ channel: 'instagram', id: '17865799348089039', text: 'This is an example.' }] },
  },
  {
    sample: 'meta-instagram-mentions-comment.json',
    route: 'meta',
    body: firstOfArray('meta-instagram-mentions-comment.json'),
    outcome: { stored: [{ channel: 'instagram', id: '17894227972186120', text: '[mention]' }] },
  },
  {
    sample: 'meta-instagram-mentions-media.json',
    route: 'meta',
    body: firstOfArray('meta-instagram-mentions-media.json'),
    outcome: { stored: [{ channel: 'instagram', id: '17918195224117851', text: '[mention]' }] },
  },
  {
    sample: 'meta-messenger-message.composed.json',
    route: 'meta',
    body: messenger,
    outcome: { stored: [{ channel: 'messenger', id: 'mid.1457764197618:41d102a3e1ae206a38', text: 'hello, world!' }] },
  },
  {
    sample: 'meta-page-feed-comment.TEMPLATE.json',
    route: 'meta',
    body: feedComment,
    outcome: { stored: [{ channel: 'facebook', id: '444444444_555555555', text: 'Example comment content.' }] },
  },
  {
    sample: 'meta-page-feed-status-add.dashboard-sample.json',
    route: 'meta',
    body: feedStatus,
    outcome: {
      stored: [{ channel: 'facebook', id: `${BRAND.facebookPage}_444444444`, text: 'Example post content.' }],
    },
  },
  {
    sample: 'meta-page-mention.dashboard-sample.json',
    route: 'meta',
    body: verbatim('meta-page-mention.dashboard-sample.json'),
    outcome: { stored: [{ channel: 'facebook', id: '44444444_444444444', text: '[mention]' }] },
  },
  {
    sample: 'whatsapp-message-text.json',
    route: 'meta',
    body: verbatim('whatsapp-message-text.json'),
    outcome: {
      stored: [
        {
          channel: 'whatsapp',
          id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
          text: 'Does it come in another color?',
        },
      ],
    },
  },
  {
    sample: 'whatsapp-message-text-product-inquiry.json',
    route: 'meta',
    body: verbatim('whatsapp-message-text-product-inquiry.json'),
    outcome: {
      stored: [
        {
          channel: 'whatsapp',
          id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTA2NTUwRkNEMDdFQjJCRUU0NQA=',
          text: 'Is this still available?',
        },
      ],
    },
  },
  {
    sample: 'whatsapp-message-contacts.json',
    route: 'meta',
    body: whatsappContacts,
    outcome: {
      stored: [
        {
          channel: 'whatsapp',
          id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RwA=',
          text: '[contacts]',
        },
      ],
    },
  },
  // A status of a message the brand sent through the Cloud API is that message.
  ...['whatsapp-status-sent.json', 'whatsapp-status-v24-second-example.json'].map(
    (sample): Replay => ({
      sample,
      route: 'meta',
      body: verbatim(sample),
      outcome: {
        stored: [
          {
            channel: 'whatsapp',
            id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
            text: '',
            deliveryStatus: 'sent',
          },
        ],
      },
    }),
  ),
  {
    sample: 'whatsapp-status-failed.json',
    route: 'meta',
    body: verbatim('whatsapp-status-failed.json'),
    outcome: {
      stored: [
        {
          channel: 'whatsapp',
          id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA',
          text: '',
          deliveryStatus: 'failed',
        },
      ],
    },
  },
];

let stack: TestStack;
let store: ReturnType<typeof storeOf>;
const accepted: Accepted[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  store = storeOf(stack);
});

afterAll(async () => {
  store?.close();
  await stack?.stop();
});

const post = async (replay: Replay): Promise<Accepted> => {
  const body = replay.body();
  const headers =
    replay.route === 'x' ? signX(body, TEST_SECRETS.X_CONSUMER_SECRET) : signMeta(body, TEST_SECRETS.META_APP_SECRET);
  const answer = await stack.post(`/webhooks/${replay.route}`, body, headers);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json as Accepted;
};

describe('every platform sample replayed byte for byte', () => {
  it.each(REPLAYS)('$sample is stored or acknowledged as ignored, never lost', async (replay) => {
    // Act
    const answer = await post(replay);
    accepted.push(answer);
    await stack.drained();

    // Assess
    const { outcome } = replay;
    if ('ignoredAtReceipt' in outcome) {
      expect(answer.queued).toBe(0);
      expect(answer.ignored.length).toBeGreaterThan(0);
      return;
    }
    expect(answer.queued).toBeGreaterThan(0);
    expect(answer.ignored).toEqual([]);
    if ('ignoredByDesign' in outcome) {
      for (const eventId of answer.eventIds) expect(await store.store.hasProcessed(eventId)).toBe(true);
      return;
    }
    if ('waitsFor' in outcome) {
      const { channel, id, original } = outcome.waitsFor;
      expect(await store.store.findMessage(channel, id)).toBeUndefined();
      accepted.push(await post({ ...replay, body: original }));
      await stack.drained();
      const found = await store.store.findMessage(channel, id);
      expect(found?.deletedAt, `${channel} message ${id}, deleted before it came`).toBeDefined();
      return;
    }
    for (const expected of outcome.stored) {
      const found = await store.store.findMessage(expected.channel, expected.id);
      expect(found, `${expected.channel} message ${expected.id}`).toBeDefined();
      const view = await viewOf(stack, found?.caseId ?? '');
      const message = view.messages.find((m) => m.channel === expected.channel && m.platformMessageId === expected.id);
      expect(message).toMatchObject({
        text: expected.text,
        ...(expected.deliveryStatus && { deliveryStatus: expected.deliveryStatus }),
      });
      expect(message?.truncated).toBeUndefined();
      // The raw payload of this delivery, as text, in the case's audit.
      const raws = view.audit
        .filter((entry) => entry.type.startsWith('message.') && answer.eventIds.includes(String(entry.detail?.eventId)))
        .map((entry) => entry.detail?.raw);
      expect(raws.length).toBeGreaterThan(0);
      for (const raw of raws) {
        expect(typeof raw).toBe('string');
        expect(raw).toContain(expected.id);
        for (const digits of expected.raw ?? []) expect(raw).toMatch(digits);
      }
      expect(view.case.messageCount).toBe(view.messages.length);
    }
  });

  it('lost nothing: every queued event is processed, and the intake DLQ is empty', async () => {
    // Prepare
    await stack.drained();
    const eventIds = accepted.flatMap((answer) => answer.eventIds);
    // Deletions that came before their post were applied when it came (see the tests above).
    // Act
    const processed = await store.processedEventIds();
    const unaccounted = eventIds.filter((eventId) => !processed.has(eventId));

    // Assess
    expect(eventIds.length).toBeGreaterThan(15);
    expect(unaccounted).toEqual([]);
    expect(await stack.queueDepth(stack.queues.intake.dlqUrl)).toBe(0);
  });
});
