import path from 'node:path';

export const DEFAULT_MAPPING = path.resolve(__dirname, '../mapping.json');
