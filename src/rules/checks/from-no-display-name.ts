import type { HeuristicCheck } from './check.js';

/** The From address comes without a display name (`offers@x.example` rather than `Acme <offers@…>`). */
export const fromNoDisplayName: HeuristicCheck = {
  id: 'from-no-display-name',
  description: 'The From address has no display name',
  test(view) {
    const from = view.addresses.filter((a) => a.field === 'from' && a.address !== '');
    if (from.length === 0) return null;
    return from.every((a) => a.name.trim() === '') ? `From is a bare address: ${from[0]!.address}` : null;
  },
};
