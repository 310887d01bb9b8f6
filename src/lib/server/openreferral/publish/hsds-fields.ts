// Small pieces every HSDS object here is made with.

/** `{ key: value }` when there is a value, otherwise nothing: HSDS leaves unknown fields out. */
export const optional = <K extends string, V>(key: K, value: V | null | undefined): Partial<Record<K, V>> =>
	value === null || value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, V>);

/**
 * The `x-translations` extension (docs/openreferral.md): the object's Welsh, keyed by HSDS field
 * name; absent when there is none.
 */
export function translations(welsh: Record<string, string | null | undefined>): { 'x-translations'?: { cy: Record<string, string> } } {
	const cy = Object.fromEntries(Object.entries(welsh).filter((entry): entry is [string, string] => !!entry[1]));
	return Object.keys(cy).length ? { 'x-translations': { cy } } : {};
}
