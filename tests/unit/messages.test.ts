import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every interface string exists in English and Welsh, with the same placeholders. Messages
// live in several files (project.inlang/settings.json lists them); a key belongs to one file.
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8'));
const pathPatterns: string[] = [settings['plugin.inlang.messageFormat'].pathPattern].flat();
const load = (locale: string) => {
	const merged: Record<string, string> = {};
	for (const pattern of pathPatterns) {
		const messages = JSON.parse(readFileSync(pattern.replace('{locale}', locale), 'utf8')) as Record<string, string>;
		for (const [key, text] of Object.entries(messages)) {
			if (key !== '$schema' && key in merged) throw new Error(`${key} is in two message files`);
			merged[key] = text;
		}
	}
	return merged;
};
const en = load('en');
const cy = load('cy');
const keys = (messages: Record<string, string>) => Object.keys(messages).filter((key) => key !== '$schema').sort();
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('messages', () => {
	it('has the same keys in English and Welsh', () => {
		expect(keys(cy)).toEqual(keys(en));
	});

	it('has no empty strings', () => {
		for (const [key, text] of Object.entries({ ...en, ...cy })) expect(text.trim(), key).not.toBe('');
	});

	it('uses the same placeholders in both languages', () => {
		for (const key of keys(en)) expect(placeholders(cy[key]!), key).toEqual(placeholders(en[key]!));
	});

	it('never tells people what they must do', () => {
		for (const [key, text] of Object.entries(en)) expect(text, key).not.toMatch(/\b(must|non-compliant|you should)\b/i);
	});
});
