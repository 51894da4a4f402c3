/** How a page-kit button looks: a small link-like row button, a main button, or a secondary one. */
export type ButtonVariant = 'link' | 'button' | 'secondary';

export function buttonClass(variant: ButtonVariant): string {
  return variant === 'link'
    ? 'link-button'
    : variant === 'button'
      ? 'button'
      : 'button button-secondary';
}
