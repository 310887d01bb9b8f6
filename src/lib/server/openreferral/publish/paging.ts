// ORUK's page envelope. total_pages is ceil(total_items / per_page), so 0 when nothing matches;
// a page past the last is answered with empty contents, not an error.

export const defaultPerPage = 50;
export const maxPerPage = 200;

export interface Paging {
	page: number;
	perPage: number;
}

export interface Page<T> {
	total_items: number;
	total_pages: number;
	page_number: number;
	size: number;
	first_page: boolean;
	last_page: boolean;
	empty: boolean;
	contents: T[];
}

export const offsetOf = ({ page, perPage }: Paging) => (page - 1) * perPage;

export function pageOf<T>(contents: T[], totalItems: number, paging: Paging): Page<T> {
	const totalPages = Math.ceil(totalItems / paging.perPage);
	return {
		total_items: totalItems,
		total_pages: totalPages,
		page_number: paging.page,
		size: contents.length,
		first_page: paging.page === 1,
		last_page: paging.page >= totalPages,
		empty: totalItems === 0,
		contents
	};
}

/** One page of a list already in memory (the taxonomies are a few dozen terms). */
export const pageOfAll = <T>(all: T[], paging: Paging): Page<T> =>
	pageOf(all.slice(offsetOf(paging), offsetOf(paging) + paging.perPage), all.length, paging);
