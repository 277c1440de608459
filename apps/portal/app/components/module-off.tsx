/** A page whose module the school has turned off says so (a normal page, not an error). */
export function ModuleOff({ title, reason }: { title: string; reason: string }) {
  return (
    <section className="card">
      <h1>{title}</h1>
      <p>{reason}</p>
    </section>
  );
}
