// Types of bin/cli-bundle.mjs, for the TypeScript that imports it (tests).
export declare const BUNDLE_DIR: string;
export declare const MAIN: string;
export declare const WRITER: string;
export declare const DEMO: string;
export declare const MANIFEST: string;
export declare function freshBundle(root: string): string | null;
