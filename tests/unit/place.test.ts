import { describe, expect, it } from 'vitest';
import { districtOf, parsePlaceQuery } from '../../src/lib/domain/place';

describe('parsePlaceQuery', () => {
	it('understands full postcodes however they are typed', () => {
		expect(parsePlaceQuery('CF10 1AA')).toEqual({ kind: 'postcode', postcode: 'CF10 1AA', outcode: 'CF10', district: 'CF10' });
		expect(parsePlaceQuery('ll57 2pw')).toMatchObject({ kind: 'postcode', postcode: 'LL57 2PW', outcode: 'LL57' });
		expect(parsePlaceQuery('  sa11aa ')).toMatchObject({ kind: 'postcode', postcode: 'SA1 1AA' });
	});

	it('understands postcode districts on their own', () => {
		expect(parsePlaceQuery('SA1')).toEqual({ kind: 'outcode', outcode: 'SA1' });
		expect(parsePlaceQuery('np20')).toEqual({ kind: 'outcode', outcode: 'NP20' });
		expect(parsePlaceQuery('SA99')).toEqual({ kind: 'outcode', outcode: 'SA99' });
	});

	it('treats words as a town, Welsh letters included', () => {
		expect(parsePlaceQuery('Pontypridd')).toEqual({ kind: 'town', name: 'Pontypridd' });
		expect(parsePlaceQuery('Ystradgynlais ŵ ŷ')).toEqual({ kind: 'town', name: 'Ystradgynlais ŵ ŷ' });
		expect(parsePlaceQuery("St. Davids")).toEqual({ kind: 'town', name: 'St. Davids' });
	});

	it('reports what it cannot read rather than guessing', () => {
		expect(parsePlaceQuery('')).toEqual({ kind: 'empty' });
		expect(parsePlaceQuery('   ')).toEqual({ kind: 'empty' });
		expect(parsePlaceQuery("'; drop table offers; --")).toMatchObject({ kind: 'unrecognised' });
		expect(parsePlaceQuery('🙂🙂')).toMatchObject({ kind: 'unrecognised' });
		expect(parsePlaceQuery('x'.repeat(80))).toMatchObject({ kind: 'unrecognised' });
	});

	it('maps sub-districts to their district', () => {
		expect(districtOf('EC1A')).toBe('EC1');
		expect(districtOf('CF10')).toBe('CF10');
	});
});
