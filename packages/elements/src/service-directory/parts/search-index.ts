import MiniSearch from 'minisearch';
import type { Service } from '@c2c/schema';

/**
 * Folds a word for matching: lower case, accents removed, so "café" finds "Cafe" and "Llŷn" finds "Llyn".
 * No stemming: it would fold Welsh and English words into wrong stems.
 */
export function foldTerm(term: string): string {
  return term.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

type Field = 'name' | 'organisation' | 'categories' | 'description' | 'places';

function fieldText(s: Service, field: Field): string {
  switch (field) {
    case 'name':
      return s.name;
    case 'organisation':
      return s.organisation?.name ?? '';
    case 'categories':
      return s.taxonomyTerms.map((t) => t.name).join(' ');
    case 'description':
      return s.description ?? '';
    case 'places':
      return s.locations.map((l) => [l.name, l.address?.city, l.address?.postcode].filter(Boolean).join(' ')).join(' ');
  }
}

/**
 * The in-browser full-text index over a `services` array: typo-tolerant (an edit or two on longer words),
 * prefix matching (so results follow each keystroke), accent-insensitive, no stemming.
 * Built in chunks so that the first results paint before the index is ready; until then {@link search}
 * falls back to a plain scan.
 */
export class ServiceIndex {
  private readonly mini: MiniSearch<Service>;
  private readonly services: Service[];
  private built = false;
  /** Resolves when every service is indexed. */
  readonly ready: Promise<void>;

  constructor(services: Service[]) {
    this.services = services;
    this.mini = new MiniSearch<Service>({
      idField: 'id',
      fields: ['name', 'organisation', 'categories', 'description', 'places'],
      storeFields: [],
      extractField: (doc, field) => (field === 'id' ? doc.id : fieldText(doc, field as Field)),
      processTerm: (term) => {
        const folded = foldTerm(term);
        return folded.length > 0 ? folded : null;
      },
      searchOptions: {
        boost: { name: 4, categories: 2, organisation: 1.5, places: 1.2 },
        prefix: true,
        // One typo in words of 4 to 7 letters, two in longer words; none in short words, where a typo
        // would match half the directory.
        fuzzy: (term) => (term.length < 4 ? false : term.length < 8 ? 1 : 2),
        maxFuzzy: 2,
        combineWith: 'AND',
      },
    });
    // Feeds sometimes repeat an id; MiniSearch refuses duplicates, and the first copy is the one shown.
    const seen = new Set<string>();
    const unique = services.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
    this.ready = this.mini.addAllAsync(unique, { chunkSize: 1000 }).then(() => {
      this.built = true;
    });
  }

  get isReady(): boolean {
    return this.built;
  }

  /**
   * Ids of services matching `query`, best first. Every word must match (allowing typos and prefixes);
   * when none does, any word may.
   */
  search(query: string): Array<{ id: string; score: number }> {
    const q = query.trim();
    if (!q) return [];
    if (!this.built) return this.scan(q);
    let hits = this.mini.search(q);
    if (hits.length === 0 && /\s/.test(q)) hits = this.mini.search(q, { combineWith: 'OR' });
    return hits.map((h) => ({ id: String(h.id), score: h.score }));
  }

  /** Used only while the index is still building: every folded word must appear somewhere in the name, organisation, categories or description. */
  private scan(q: string): Array<{ id: string; score: number }> {
    const words = foldTerm(q).split(/[\s\p{P}]+/u).filter(Boolean);
    const out: Array<{ id: string; score: number }> = [];
    for (const s of this.services) {
      const name = foldTerm(s.name);
      const rest = foldTerm(`${fieldText(s, 'organisation')} ${fieldText(s, 'categories')} ${fieldText(s, 'description')}`);
      if (words.every((w) => name.includes(w) || rest.includes(w))) out.push({ id: s.id, score: words.filter((w) => name.includes(w)).length + 1 });
    }
    return out.sort((a, b) => b.score - a.score);
  }
}
