import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ImportFile } from './types';

// Files from disk, for the command line. A folder's .json and .csv files are one import (its CSV
// files together form one table set).

export async function readImportFile(path: string): Promise<ImportFile> {
	return { name: basename(path), content: await readFile(path, 'utf8') };
}

export async function readImportFolder(path: string): Promise<ImportFile[]> {
	const names = (await readdir(path, { withFileTypes: true }))
		.filter((entry) => entry.isFile() && ['.json', '.csv'].includes(extname(entry.name).toLowerCase()))
		.map((entry) => entry.name)
		.sort();
	return Promise.all(names.map((name) => readImportFile(join(path, name))));
}
