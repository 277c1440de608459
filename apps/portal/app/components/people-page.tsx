import { Form, Link } from '@remix-run/react';
import type { Person } from '../lib/types.ts';

/** The office's list of instructors or students, and the form that adds one. */
export function PeoplePage(props: {
  title: string;
  noun: string;
  people: Person[];
  result: { added: string | null; error: string | null } | undefined;
  rowLink?: (person: Person) => { to: string; label: string };
}) {
  const { result } = props;
  return (
    <>
      <h1>{props.title}</h1>
      <ul className="lessons">
        {props.people.map((p) => {
          const link = props.rowLink?.(p);
          return (
            <li key={p.id} className="card">
              <strong>{p.name}</strong> · {p.email}
              {link ? (
                <>
                  {' · '}
                  <Link to={link.to}>{link.label}</Link>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h">
          Add {props.noun === 'instructor' ? 'an' : 'a'} {props.noun}
        </h2>
        <Form method="post">
          <label htmlFor="name">Name</label>
          <input id="name" name="name" required />
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" required />
          <label htmlFor="password">First password</label>
          <input id="password" name="password" type="password" required minLength={10} />
          {result?.error ? (
            <p className="error" role="alert">
              {result.error}
            </p>
          ) : null}
          {result?.added ? <p role="status">{result.added} added.</p> : null}
          <button type="submit">Add {props.noun}</button>
        </Form>
      </section>
    </>
  );
}
