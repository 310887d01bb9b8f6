// What scripts/pg15-tap.ts needs to stand in for psql and pg_prove, kept free of I/O but for
// reading the test files, so tests/unit/pg15-tap.test.ts can check it.
//  - expandPsqlScript: a pgTAP test file as one SQL script, with psql's `\ir FILE` inlined (the only
//    meta-command the files use); any other backslash command is refused, never skipped.
//  - TapTally: counts one file's TAP lines as the awk that scripts/pg15-check.sh used to run over
//    pg_prove's output did, so the report's numbers mean what they meant.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** A run of one file's text in the expanded script; `line` is the file line it starts on. */
export interface ScriptPiece {
	file: string;
	line: number;
	text: string;
}

export class PsqlScriptError extends Error {}

interface MetaCommand {
	start: number; // the backslash
	end: number; // the end of its line (the newline stays in the script)
	name: string;
	args: string;
}

const identChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

/**
 * Reads SQL text as psql's lexer does, outside quotes, dollar quotes and comments: psql's
 * meta-commands (a backslash, to the end of its line; SQL itself has no backslash outside a
 * literal), and the semicolons that end a statement (not inside parentheses).
 */
export function scanPsql(text: string): { metaCommands: MetaCommand[]; statementEnds: number[] } {
	const found: MetaCommand[] = [];
	const statementEnds: number[] = [];
	let parens = 0;
	const n = text.length;
	let i = 0;
	const skipPast = (from: number, needle: string) => {
		const at = text.indexOf(needle, from);
		return at < 0 ? n : at + needle.length;
	};
	while (i < n) {
		const c = text[i]!;
		const next = text[i + 1];
		if (c === '-' && next === '-') {
			const eol = text.indexOf('\n', i);
			i = eol < 0 ? n : eol;
		} else if (c === '/' && next === '*') {
			let depth = 1; // PostgreSQL's block comments nest
			i += 2;
			while (i < n && depth > 0) {
				if (text.startsWith('/*', i)) (depth++, (i += 2));
				else if (text.startsWith('*/', i)) (depth--, (i += 2));
				else i++;
			}
		} else if (c === "'") {
			// E'…' takes backslash escapes; elsewhere a quote is doubled to escape it.
			const escapes = (text[i - 1] === 'e' || text[i - 1] === 'E') && !identChar(text[i - 2]);
			i++;
			while (i < n) {
				if (escapes && text[i] === '\\') i += 2;
				else if (text[i] === "'") {
					if (text[i + 1] === "'") i += 2;
					else {
						i++;
						break;
					}
				} else i++;
			}
		} else if (c === '"') {
			i++;
			while (i < n) {
				if (text[i] === '"') {
					if (text[i + 1] === '"') i += 2;
					else {
						i++;
						break;
					}
				} else i++;
			}
		} else if (c === '$' && !identChar(text[i - 1])) {
			const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 200));
			if (tag) i = skipPast(i + tag[0].length, tag[0]);
			else i++; // $1, a parameter
		} else if (c === '\\') {
			const eol = text.indexOf('\n', i);
			const end = eol < 0 ? n : eol;
			const [, name = '', args = ''] = /^\\(\S*)\s*(.*?)\s*$/.exec(text.slice(i, end)) ?? [];
			found.push({ start: i, end, name, args });
			i = end;
		} else {
			if (c === '(') parens++;
			else if (c === ')') parens = Math.max(0, parens - 1);
			else if (c === ';' && parens === 0) statementEnds.push(i + 1);
			i++;
		}
	}
	return { metaCommands: found, statementEnds };
}

export const findMetaCommands = (text: string) => scanPsql(text).metaCommands;

/**
 * Where the statements before a 1-based character position end: the script up to there is what
 * psql would have run before the statement at that position (0: none).
 */
export function statementsBefore(script: string, position: number): number {
	let end = 0;
	for (const at of scanPsql(script).statementEnds) {
		if (at >= position) break;
		end = at;
	}
	return end;
}

const lineAt = (text: string, offset: number) => {
	let line = 1;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
};

/**
 * The file as psql would send it, as pieces of the files it came from: `\ir FILE` and
 * `\include_relative FILE` are replaced by FILE's text (resolved from the including file's folder).
 * Throws PsqlScriptError on any other meta-command, or on an include that loops.
 */
export function expandPsqlScript(
	file: string,
	read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
	including: string[] = []
): ScriptPiece[] {
	const name = relative(process.cwd(), file) || file;
	if (including.includes(resolve(file))) {
		throw new PsqlScriptError(`${name} includes itself (${[...including, resolve(file)].map((f) => relative(process.cwd(), f)).join(' -> ')})`);
	}
	const text = read(file);
	const pieces: ScriptPiece[] = [];
	let from = 0;
	for (const meta of findMetaCommands(text)) {
		const line = lineAt(text, meta.start);
		if (meta.name !== 'ir' && meta.name !== 'include_relative') {
			throw new PsqlScriptError(
				`${name}:${line}: psql meta-command \\${meta.name} is not supported: this runner has no psql, and understands only \\ir FILE`
			);
		}
		const target = meta.args.replace(/^'(.*)'$/, '$1');
		if (!target || /\s/.test(target)) {
			throw new PsqlScriptError(`${name}:${line}: \\${meta.name} takes one file name, not "${meta.args}"`);
		}
		pieces.push({ file: name, line: lineAt(text, from), text: text.slice(from, meta.start) });
		try {
			pieces.push(...expandPsqlScript(resolve(dirname(file), target), read, [...including, resolve(file)]));
		} catch (error) {
			if (error instanceof PsqlScriptError) throw error;
			throw new PsqlScriptError(`${name}:${line}: \\${meta.name} ${target}: ${(error as Error).message}`);
		}
		from = meta.end;
	}
	pieces.push({ file: name, line: lineAt(text, from), text: text.slice(from) });
	// Each file ends a line, as when psql reads the next one.
	const last = pieces[pieces.length - 1]!;
	if (!last.text.endsWith('\n')) last.text += '\n';
	return pieces.filter((piece) => piece.text !== '');
}

/** Where a 1-based character position in the joined script (PostgreSQL's error position) came from. */
export function locate(pieces: ScriptPiece[], position: number): { file: string; line: number } | undefined {
	let offset = position - 1;
	for (const piece of pieces) {
		if (offset < piece.text.length) return { file: piece.file, line: piece.line + lineAt(piece.text, offset) - 1 };
		offset -= piece.text.length;
	}
	return undefined;
}

/**
 * One file's TAP stream, counted as pg15-check.sh's awk used to count pg_prove's verbose output:
 * `1..N` is the plan (the last one wins); `ok N` passes; `not ok N` fails unless it has `# TODO`;
 * a planned test that never ran fails; a file with neither plan nor test fails once; a file that
 * stopped on an error with nothing else failed fails once.
 */
export class TapTally {
	plan = -1;
	ran = 0;
	ok = 0;
	notOk = 0;
	lastTest = '';

	/** Counts one output line; says whether it was a test line. */
	line(text: string): boolean {
		if (/^1\.\.[0-9]+/.test(text)) this.plan = parseInt(text.slice(3), 10);
		else if (/^ok [0-9]/.test(text)) (this.ran++, this.ok++);
		else if (/^not ok [0-9]/.test(text)) {
			this.ran++;
			if (/# *TODO/.test(text)) this.ok++;
			else this.notOk++;
		} else return false;
		this.lastTest = text;
		return true;
	}

	/** The file's passed and failed points, and whether pg_prove would have failed the file (`bad`). */
	result(errored: boolean) {
		let failed = this.notOk + Math.max(this.plan - this.ran, 0);
		if (this.plan < 0 && this.ran === 0) failed++;
		if (errored && failed === 0) failed = 1;
		const problems: string[] = [];
		if (errored) problems.push('stopped on an error');
		if (this.notOk) problems.push(`${this.notOk} not ok`);
		if (this.plan < 0) problems.push(this.ran ? `ran ${this.ran} tests with no plan` : 'no plan and no test');
		else if (this.ran < this.plan) problems.push(`planned ${this.plan}, ${this.plan - this.ran} never ran`);
		else if (this.ran > this.plan) problems.push(`planned ${this.plan} but ran ${this.ran}`);
		return { passed: this.ok, failed, bad: problems.length > 0, problems };
	}
}
