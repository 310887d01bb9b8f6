import { describe, expect, it } from 'vitest';
import { describeChange, listingProblemList } from '../../src/lib/listing-messages';

// The group's "recent changes" and form problem summaries, in words (English, the base locale).
const change = (over: Partial<Parameters<typeof describeChange>[0]>) => ({
	resource_type: 'service', action_type: 'update', field_name: 'title_en', previous_value: 'Old', replacement_value: 'New', ...over
});

describe('describeChange', () => {
	it('names a changed field as the form does, with its old and new value', () => {
		expect(describeChange(change({}))).toBe('Title: "Old" → "New"');
		expect(describeChange(change({ resource_type: 'organization', field_name: 'description_en' }))).toBe('About your group: "Old" → "New"');
		expect(describeChange(change({ field_name: 'outcomes', previous_value: null, replacement_value: 'skills' }))).toBe('What can it help with?: "—" → "skills"');
	});

	it('says what was added or removed', () => {
		expect(describeChange(change({ action_type: 'create', resource_type: 'schedule' }))).toBe('added a time');
		expect(describeChange(change({ action_type: 'delete', resource_type: 'location' }))).toBe('removed a place');
	});

	it('falls back to the column name for a field it does not know', () => {
		expect(describeChange(change({ field_name: 'something_new' }))).toBe('something_new: "Old" → "New"');
	});
});

describe('listingProblemList', () => {
	it('links each problem to its field', () => {
		expect(listingProblemList({ schedule_0_closes: 'schedule_closes_before_opens' })).toEqual([
			{ target: 'schedule_0_closes-field', text: 'The end time is before the start time. Change one of them.' }
		]);
		expect(listingProblemList(undefined)).toEqual([]);
	});
});
