import { z } from 'zod';
import { offerKinds, type OfferKind } from '$lib/domain/directory';
import type { Tx } from '../../db/types';
import { nameBasedId } from '../ids';
import { NotFound } from './http';
import { kindLabel } from './labels';

// Our two vocabularies as HSDS taxonomies (docs/openreferral.md, Taxonomies): the outcomes offers
// are tagged with, and the kinds of offer. Both are small, so they are read whole.

export const outcomeTaxonomyId = nameBasedId('taxonomy', 'outcomes');
export const kindTaxonomyId = nameBasedId('taxonomy', 'offer-kinds');
const outcomeTaxonomyName = 'What Matters outcomes';
const kindTaxonomyName = 'What Matters kinds of offer';

export interface TaxonomyTerm {
	id: string;
	name: string;
	description: string;
	taxonomy: string;
	taxonomy_id: string;
	term: string;
	term_uri?: string;
}

export const outcomeTermId = (outcomeId: string) => nameBasedId('outcome', outcomeId);
export const kindTermId = (kind: OfferKind) => nameBasedId('offer-kind', kind);

const outcomeRow = z.object({ id: z.string(), label_en: z.string(), statement_en: z.string() });

/** Every term: the quality-of-life and change outcomes (process outcomes are not tagged on offers), then the kinds. */
export async function readTerms(tx: Tx, origin: string): Promise<TaxonomyTerm[]> {
	const outcomes = await tx.query(`select id, label_en, statement_en from outcomes where category <> 'process' order by sort`);
	const outcomeTerms = outcomes.map((row) => {
		const outcome = outcomeRow.parse(row);
		return {
			id: outcomeTermId(outcome.id),
			name: outcome.label_en,
			description: outcome.statement_en,
			taxonomy: outcomeTaxonomyName,
			taxonomy_id: outcomeTaxonomyId,
			term: outcome.id,
			term_uri: `${origin}/outcomes/${outcome.id}`
		};
	});
	const kindTerms = offerKinds.map((kind) => ({
		id: kindTermId(kind),
		name: kindLabel(kind),
		description: `Offers of the kind "${kindLabel(kind)}".`,
		taxonomy: kindTaxonomyName,
		taxonomy_id: kindTaxonomyId,
		term: kind
	}));
	return [...outcomeTerms, ...kindTerms];
}

export function taxonomies(origin: string) {
	return [
		{
			id: outcomeTaxonomyId,
			name: outcomeTaxonomyName,
			description: 'What matters to people: the quality-of-life and change outcomes each offer helps with, in the words people use ("I …").',
			uri: `${origin}/outcomes`
		},
		{
			id: kindTaxonomyId,
			name: kindTaxonomyName,
			description: 'What sort of thing an offer is: a lunch club, a men\'s shed, advice…'
		}
	];
}

/** What a term stands for in our tables, to filter offers by it. */
export type TermMeaning = { outcomeId: string } | { kind: OfferKind } | null;

export function meaningOf(terms: TaxonomyTerm[], termId: string): TermMeaning {
	const term = terms.find((candidate) => candidate.id === termId.toLowerCase());
	if (!term) return null;
	return term.taxonomy_id === outcomeTaxonomyId ? { outcomeId: term.term } : { kind: term.term as OfferKind };
}

export function getTaxonomy(terms: TaxonomyTerm[], id: string, origin: string) {
	const taxonomy = taxonomies(origin).find((candidate) => candidate.id === id.toLowerCase());
	if (!taxonomy) throw new NotFound(`There is no taxonomy with the id "${id}".`);
	return { ...taxonomy, taxonomy_terms: terms.filter((term) => term.taxonomy_id === taxonomy.id) };
}

export function getTerm(terms: TaxonomyTerm[], id: string) {
	const term = terms.find((candidate) => candidate.id === id.toLowerCase());
	if (!term) throw new NotFound(`There is no taxonomy term with the id "${id}".`);
	return term;
}
