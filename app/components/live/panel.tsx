import { useId, type ReactNode } from 'react';

/** One panel of a live console, named by its heading. */
export function Panel({
  title,
  wide,
  children,
}: {
  title: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className={wide ? 'panel panel-wide' : 'panel'} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** A form of a live console: it sends a command over the session rather than posting. */
export function CommandForm({
  onSend,
  className = 'inline-actions',
  children,
}: {
  onSend(): void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
    >
      {children}
    </form>
  );
}
