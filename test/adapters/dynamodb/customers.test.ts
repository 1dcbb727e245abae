import { beforeEach, describe, expect, it } from 'vitest';
import type { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import type { Identity } from '../../../functions/domain/case.ts';
import { newStore } from '../../support/dynamo.ts';

let store: DynamoCaseStore;
beforeEach(async () => {
  store = await newStore();
});

const xHandle: Identity = { kind: 'x', value: '1234567' };
const email: Identity = { kind: 'email', value: 'jane@example.com' };

describe('resolving customers from identities', () => {
  it('links an X account and an e-mail to one customer, found again by the e-mail alone', async () => {
    // Prepare
    const fromTweet = await store.resolveCustomer([xHandle], { displayName: 'Jane' });

    // Act
    const fromDmWithEmail = await store.resolveCustomer([xHandle, email], {});
    const fromEmail = await store.resolveCustomer([email], { displayName: 'J. Doe' });

    // Assess
    expect(fromDmWithEmail.id).toBe(fromTweet.id);
    const { claimed, ...customer } = fromEmail;
    expect(customer).toEqual({
      id: fromTweet.id,
      displayName: 'Jane',
      identities: [xHandle, email],
      createdAt: fromTweet.createdAt,
    });
    expect(await store.getCustomer(fromTweet.id)).toEqual(customer);
    // Each call says which identities it claimed first, so brand messages waiting for them can be applied.
    expect([fromTweet.claimed, fromDmWithEmail.claimed, claimed]).toEqual([[xHandle], [email], []]);
  });

  it('finds the customer of known identities without creating one for unknown ones', async () => {
    const known = await store.resolveCustomer([xHandle], {});

    expect((await store.findCustomer([email, xHandle]))?.id).toBe(known.id);
    expect(await store.findCustomer([email])).toBeUndefined();
  });

  it('creates a new customer for identities nobody owns, with a sortable ULID id', async () => {
    const customer = await store.resolveCustomer([email, { kind: 'phone', value: '+4915112345678' }], {});

    expect(customer.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(customer.identities).toHaveLength(2);
    expect(customer.displayName).toBeUndefined();
  });

  it('never takes an identity away from the customer who owns it', async () => {
    // Prepare
    const emailOwner = await store.resolveCustomer([email], {});
    const xOwner = await store.resolveCustomer([xHandle], {});

    // Act
    const resolved = await store.resolveCustomer([xHandle, email], {});

    // Assess
    expect(resolved.id).toBe(xOwner.id);
    expect(resolved.identities).toEqual([xHandle]);
    expect((await store.resolveCustomer([email], {})).id).toBe(emailOwner.id);
  });

  it('makes one customer when two first contacts with the same identity race', async () => {
    const [a, b] = await Promise.all([
      store.resolveCustomer([email], { displayName: 'Jane' }),
      store.resolveCustomer([email], { displayName: 'Jane' }),
    ]);

    expect(a.id).toBe(b.id);
    expect(await store.getCustomer(a.id)).toMatchObject({ identities: [email] });
  });

  it('finds no customer for an unknown id', async () => {
    expect(await store.getCustomer('01HZZZZZZZZZZZZZZZZZZZZZZZ')).toBeUndefined();
  });
});
