import type { Weekday } from './schedule';

// The search's choices, types and URL form: free of zod so pages can use them without
// shipping the parser (src/lib/domain/search.ts) to the browser.

export const distanceChoices = [1, 3, 5, 10, 25, 50] as const; // miles
export const defaultDistance = 10;
export const maxOutcomes = 15;
export const maxTextLength = 100;
export const maxPage = 500;
export const pageSize = 20;

export const attendanceFilters = ['any', 'in_person', 'online'] as const;
export type AttendanceFilter = (typeof attendanceFilters)[number];
export const sortOrders = ['nearest', 'best_match'] as const;
export type SortOrder = (typeof sortOrders)[number];

export interface SearchFilters {
	outcomes: string[];
	where: string;
	point: { lat: number; lng: number } | null;
	distance: number;
	free: boolean;
	day: Weekday | null;
	welsh: boolean;
	attendance: AttendanceFilter;
	wheelchair: boolean;
	/** Runs on past six in the evening. */
	evening: boolean;
	/** For children or families: somewhere to bring a child. */
	children: boolean;
	text: string;
	page: number;
	sort: SortOrder;
}

export type SearchProblem =
	| { field: 'outcome'; code: 'unknown_outcome'; value: string }
	| { field: 'outcome'; code: 'too_many_outcomes' }
	| { field: 'where'; code: 'too_long' }
	| { field: 'point'; code: 'outside_uk' | 'not_a_point' }
	| { field: 'distance'; code: 'adjusted'; value: number }
	| { field: 'day'; code: 'unknown_day' }
	| { field: 'text'; code: 'shortened' }
	| { field: 'page'; code: 'adjusted' };

/** The search as a URL query, for links (pagination, language switch) that keep every choice. */
export function searchQueryString(filters: SearchFilters, overrides: Partial<SearchFilters> = {}): string {
	const f = { ...filters, ...overrides };
	const params = new URLSearchParams();
	for (const outcome of f.outcomes) params.append('outcome', outcome);
	if (f.where) params.set('where', f.where);
	if (f.point && !f.where) {
		params.set('lat', String(f.point.lat));
		params.set('lng', String(f.point.lng));
	}
	if (f.distance !== defaultDistance) params.set('distance', String(f.distance));
	if (f.free) params.set('free', '1');
	if (f.day) params.set('day', f.day);
	if (f.welsh) params.set('welsh', '1');
	if (f.attendance !== 'any') params.set('attendance', f.attendance);
	if (f.wheelchair) params.set('wheelchair', '1');
	if (f.evening) params.set('evening', '1');
	if (f.children) params.set('children', '1');
	if (f.text) params.set('q', f.text);
	if (f.sort !== 'nearest') params.set('sort', f.sort);
	if (f.page > 1) params.set('page', String(f.page));
	return params.toString();
}
