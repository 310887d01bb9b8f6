import { isSearchableCategory } from '$lib/domain/directory';
import { parsePlaceQuery } from '$lib/domain/place';
import { parseSearchParams, type SearchProblem } from '$lib/domain/search';
import { searchOffers, type SearchResult } from '$lib/server/repos/offers';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { findPlace, nearestDistrict, type Place } from '$lib/server/repos/places';
import type { PageServerLoad } from './$types';

export type PlaceProblem = { code: 'unknown_place' | 'unrecognised_place'; place: string };

export const load: PageServerLoad = async ({ url, locals }) =>
	locals.withClaims(async (tx) => {
		const allOutcomes = await listOutcomes(tx);
		const outcomes = allOutcomes.filter((o) => isSearchableCategory(o.category));
		const { filters, problems } = parseSearchParams(url.searchParams, new Set(outcomes.map((o) => o.id)));

		let place: Place | null = null;
		let placeProblem: PlaceProblem | null = null;
		const tooLong = problems.some((p) => p.field === 'where');
		if (filters.where && !tooLong) {
			const query = parsePlaceQuery(filters.where);
			place = await findPlace(tx, query);
			if (!place) {
				placeProblem = {
					code: query.kind === 'unrecognised' ? 'unrecognised_place' : 'unknown_place',
					place: query.kind === 'postcode' ? query.postcode : query.kind === 'outcode' ? query.outcode : filters.where
				};
			}
		} else if (filters.point) {
			place = await nearestDistrict(tx, filters.point.lat, filters.point.lng);
		}

		// A place we could not find is not searched around: the page asks about it instead of guessing.
		const canSearch = !placeProblem && !tooLong;
		let result: SearchResult | null = null;
		const pageProblems: SearchProblem[] = [...problems];
		let pastEnd: number | null = null;
		if (canSearch) {
			result = await searchOffers(tx, filters, place);
			if (result.total > 0 && filters.page > result.pageCount) pastEnd = result.pageCount;
		}
		// Cards name every outcome an offer serves, searchable or not.
		const outcomeLabels = allOutcomes.map(({ id, label_en, label_cy }) => ({ id, label_en, label_cy }));
		return { outcomes, outcomeLabels, filters, problems: pageProblems, place, placeProblem, result, pastEnd };
	});
