/**
 * The synthetic correspondents of the search archive: 2,000 people across 50 domains. Names and
 * addresses are a pure function of the person's index, so queries can name real participants.
 */
const FIRST = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy',
  'karl', 'laura', 'mallory', 'nina', 'oscar', 'peggy', 'quentin', 'rupert', 'sybil', 'trent',
  'ursula', 'victor', 'wendy', 'xavier', 'yvonne', 'zach', 'anna', 'boris', 'chloe', 'dmitri',
  'elena', 'fatima', 'gustav', 'hana', 'igor', 'jamal', 'kenji', 'lucia', 'marco', 'noor',
] as const;
const LAST = [
  'smith', 'jones', 'taylor', 'brown', 'williams', 'wilson', 'johnson', 'davies', 'robinson', 'wright',
  'thompson', 'evans', 'walker', 'white', 'roberts', 'green', 'hall', 'wood', 'jackson', 'clarke',
  'patel', 'khan', 'lewis', 'james', 'phillips', 'mason', 'mitchell', 'rose', 'davis', 'rodriguez',
  'cox', 'alexander', 'garcia', 'morgan', 'martin', 'lopez', 'hughes', 'young', 'king', 'lee',
  'moore', 'scott', 'baker', 'adams', 'nelson', 'hill', 'ramirez', 'campbell', 'mueller', 'novak',
] as const;
const PREFIXES = ['north', 'blue', 'iron', 'silver', 'green', 'red', 'east', 'west', 'star', 'river'] as const;
const SUFFIXES = ['wind', 'peak', 'forge', 'field', 'bank'] as const;
const TLDS = ['com', 'org', 'net', 'co.uk', 'de'] as const;

export const PEOPLE = FIRST.length * LAST.length; // 2,000
export const DOMAINS = PREFIXES.length * SUFFIXES.length; // 50

/** Domain `d` (0..49), e.g. `northwind.com`, `bluepeak.org`. */
export function domainAt(d: number): string {
  const prefix = PREFIXES[d % PREFIXES.length] as string;
  const suffix = SUFFIXES[Math.floor(d / PREFIXES.length) % SUFFIXES.length] as string;
  return `${prefix}${suffix}.${TLDS[d % TLDS.length] as string}`;
}

export interface Person {
  name: string;
  address: string;
}

/** Person `p` (0..1999): a unique first/last pair at one of the 50 domains. */
export function personAt(p: number): Person {
  const first = FIRST[p % FIRST.length] as string;
  const last = LAST[Math.floor(p / FIRST.length) % LAST.length] as string;
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return { name: `${capital(first)} ${capital(last)}`, address: `${first}.${last}@${domainAt((p * 7) % DOMAINS)}` };
}

/**
 * A person index skewed like real mail: a few people send and receive much of it (index 0 about
 * 1 in 45 picks), most rarely (index 1,999 about 1 in 4,000).
 */
export function skewedPerson(random: () => number): number {
  return Math.min(PEOPLE - 1, Math.floor(PEOPLE * random() ** 2));
}
