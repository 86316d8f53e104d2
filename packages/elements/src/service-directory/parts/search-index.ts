import MiniSearch, { type Query } from 'minisearch';
import type { Service } from '@c2c/schema';
import { STOP_WORDS, fieldText, foldTerm, type Field } from './fold.js';

/** Fields that name a service; short, in-progress words are matched against these only. */
const NAME_FIELDS = ['name', 'categories', 'organisation'];

/**
 * The in-browser full-text index over a `services` array: typo-tolerant (an edit or two on longer words),
 * prefix matching (so results follow each keystroke), accent-insensitive, no stemming.
 * Loaded with a dynamic import and built in chunks after the first results are on screen, so neither the
 * download nor the indexing delays them (and pages using a remote source never load MiniSearch at all).
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
        return folded.length > 0 && !STOP_WORDS.has(folded) ? folded : null;
      },
      searchOptions: {
        boost: { name: 4, categories: 2, organisation: 1.5, places: 1.2 },
        // One typo in words of 5 to 8 letters, two in longer words; none in short words, where a typo
        // would match half the directory.
        fuzzy: (term) => (term.length < 5 ? false : term.length < 9 ? 1 : 2),
        maxFuzzy: 2,
        combineWith: 'AND',
      },
    });
    // Feeds sometimes repeat an id; MiniSearch refuses duplicates, and the first copy is the one shown.
    const seen = new Set<string>();
    const unique = services.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
    // Small chunks keep each slice of main-thread work short, so typing stays smooth while indexing.
    this.ready = this.mini.addAllAsync(unique, { chunkSize: 250 }).then(() => {
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
    let hits = this.mini.search(this.query(q, 'AND'));
    if (hits.length === 0 && /\s/.test(q)) hits = this.mini.search(this.query(q, 'OR'));
    return hits.map((h) => ({ id: String(h.id), score: h.score }));
  }

  /**
   * Finished words must each match a word of the service (allowing typos); the word being typed (the last)
   * may also match the start of a word in the service's name, category or organisation. Matching it as a
   * prefix of every description word too would score most of a 10,000-service directory on each keystroke.
   */
  private query(q: string, combineWith: 'AND' | 'OR'): Query {
    const words = q.split(/\s+/).filter(Boolean);
    const last = words.pop()!;
    const lastQuery: Query = {
      combineWith: 'OR',
      queries: [
        { queries: [last], prefix: false },
        { queries: [last], prefix: true, fuzzy: false, fields: NAME_FIELDS },
      ],
    };
    return words.length
      ? { combineWith, queries: [{ queries: [words.join(' ')], prefix: false, combineWith }, lastQuery] }
      : lastQuery;
  }
}
