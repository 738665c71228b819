/** The package's version and repository URL, read from package.json at build time (bundled by esbuild). */
import { repository, version } from '../../package.json';

export const VERSION: string = version;
export const REPOSITORY_URL: string = repository.url.replace(/\.git$/, '').replace(/^git\+/, '');
