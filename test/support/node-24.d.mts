export declare const NODE_24: string;
export declare function installNode24(dir: string): { bin: string; version: string };
