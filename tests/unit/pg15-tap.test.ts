// scripts/lib/tap.ts: what scripts/pg15-tap.ts does instead of psql and pg_prove.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPsqlScript, findMetaCommands, locate, PsqlScriptError, statementsBefore, TapTally } from '../../scripts/lib/tap';

describe('findMetaCommands', () => {
	it('finds a backslash command outside quotes and comments, to the end of its line', () => {
		const found = findMetaCommands(`begin;\n\\ir helpers.psql\nselect 1;\n`);
		expect(found).toEqual([{ start: 7, end: 23, name: 'ir', args: 'helpers.psql' }]);
	});

	it('ignores backslashes in literals, identifiers, dollar quotes and comments', () => {
		const sql = [
			`select '\\d', 'it''s \\x', E'\\'\\ir no', "a\\b", $$ \\ir no $$, $f$ $$ \\set x $$ $f$;`,
			`-- \\ir in a comment`,
			`/* outer /* \\ir nested */ \\ir still a comment */`,
			`select $1, x$y, regexp_replace(a, '\\s+', ' ');`
		].join('\n');
		expect(findMetaCommands(sql)).toEqual([]);
	});
});

describe('statementsBefore', () => {
	it('ends the script before the statement at a position, counting no semicolon in quotes or parentheses', () => {
		const script = `begin;\nselect ';', $$;$$ /* ; */; -- ;\ncreate rule r as on insert to t do also (select 1; select 2);\nselec 1;\n`;
		const at = script.indexOf('selec 1') + 1;
		expect(script.slice(0, statementsBefore(script, at))).toBe(`begin;\nselect ';', $$;$$ /* ; */; -- ;\ncreate rule r as on insert to t do also (select 1; select 2);`);
		expect(statementsBefore(script, 3)).toBe(0);
	});
});

describe('expandPsqlScript', () => {
	const files: Record<string, string> = {
		[resolve('t/a.sql')]: `begin;\nselect plan(1);\n\\ir helpers.psql\nselect ok(true);\nrollback;`,
		[resolve('t/helpers.psql')]: `create temporary table fx (id int);\n`,
		[resolve('t/bad.sql')]: `begin;\n\\set ON_ERROR_STOP 1\n`,
		[resolve('t/loop.sql')]: `\\ir loop.sql\n`
	};
	const read = (path: string) => {
		const text = files[resolve(path)];
		if (text === undefined) throw new Error(`ENOENT: ${path}`);
		return text;
	};

	it('inlines \\ir FILE from the including file’s folder, and maps positions back to the files', () => {
		const pieces = expandPsqlScript('t/a.sql', read);
		const script = pieces.map((p) => p.text).join('');
		expect(script).toBe(`begin;\nselect plan(1);\ncreate temporary table fx (id int);\n\nselect ok(true);\nrollback;\n`);
		expect(locate(pieces, script.indexOf('create') + 1)).toEqual({ file: 't/helpers.psql', line: 1 });
		expect(locate(pieces, script.indexOf('select ok') + 1)).toEqual({ file: 't/a.sql', line: 4 });
		expect(locate(pieces, 1)).toEqual({ file: 't/a.sql', line: 1 });
	});

	it('refuses any other meta-command, a missing file and an include that loops', () => {
		expect(() => expandPsqlScript('t/bad.sql', read)).toThrow(/t\/bad\.sql:2: psql meta-command \\set is not supported/);
		expect(() => expandPsqlScript('t/loop.sql', read)).toThrow(/includes itself/);
		files[resolve('t/missing.sql')] = `\\ir nowhere.psql\n`;
		expect(() => expandPsqlScript('t/missing.sql', read)).toThrow(PsqlScriptError);
	});
});

describe('TapTally', () => {
	const tally = (lines: string[]) => {
		const t = new TapTally();
		for (const line of lines) t.line(line);
		return t;
	};

	it('counts ok as passed, not ok as failed, and not ok # TODO as passed', () => {
		const t = tally(['1..3', 'ok 1 - a', 'not ok 2 - b', '# Failed test 2', 'not ok 3 - c # TODO later', '{"role":"anon"}']);
		expect(t.result(false)).toMatchObject({ passed: 2, failed: 1, bad: true });
	});

	it('counts planned tests that never ran as failed (a file that stopped on an error)', () => {
		expect(tally(['1..5', 'ok 1', 'ok 2']).result(true)).toMatchObject({ passed: 2, failed: 3, bad: true });
	});

	it('fails a file with no plan and no test once, and an error with nothing else failed once', () => {
		expect(tally([]).result(false)).toMatchObject({ passed: 0, failed: 1, bad: true });
		expect(tally([]).result(true)).toMatchObject({ passed: 0, failed: 1, bad: true });
		expect(tally(['1..1', 'ok 1']).result(true)).toMatchObject({ passed: 1, failed: 1, bad: true });
	});

	it('passes a complete run, and marks more tests than planned as bad without failing a point', () => {
		expect(tally(['1..2', 'ok 1', 'ok 2']).result(false)).toEqual({ passed: 2, failed: 0, bad: false, problems: [] });
		expect(tally(['1..1', 'ok 1', 'ok 2']).result(false)).toMatchObject({ passed: 2, failed: 0, bad: true });
	});
});
