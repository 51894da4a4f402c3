export function templateKey(root: string): string;
