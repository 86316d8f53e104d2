/**
 * The c2c-kit elements in a React host through @c2c/react: typed props in, typed events out.
 * The directory reads the hub's public services; the timeline shows an offline pathway built from
 * synthetic data, so this page needs no sign-in.
 */
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createServicesClient } from '@c2c/sdk/services';
import { ServiceDirectory, PathwayTimeline } from '@c2c/react';
import { syntheticEvents } from '@c2c/schema/synthetic';
import type { Pathway } from '@c2c/schema';

const LEARNER = { id: 'lrn-demo', dateOfBirth: '2015-03-14', organisationId: 'pri-millbrook' };

function App() {
  const client = useMemo(() => createServicesClient({ baseUrl: location.origin }), []);
  const pathway = useMemo<Pathway>(
    () => ({
      learnerId: LEARNER.id,
      dateOfBirth: LEARNER.dateOfBirth,
      displayName: 'Sam (synthetic)',
      events: syntheticEvents(LEARNER, 40, 9),
    }),
    [],
  );
  const [log, setLog] = useState('Open a service or an event to see the events React receives.');

  return (
    <>
      <header>
        <p>Brookfield Family Hub (React example)</p>
      </header>
      <main id="main">
        <h1>c2c-kit elements in React</h1>
        <p className="log" role="status" aria-live="polite" data-testid="log">
          {log}
        </p>
        <section aria-labelledby="directory-heading">
          <h2 id="directory-heading">Find a service</h2>
          <ServiceDirectory
            client={client}
            noUrlState
            onC2cServiceOpen={(e) => setLog(`Opened service: ${e.detail.service.name}`)}
            onC2cSearch={(e) =>
              setLog(
                e.detail.textWithheld
                  ? 'Searched (words left out: they held a postcode)'
                  : `Searched: ${e.detail.query.q ?? ''}`,
              )
            }
          />
        </section>
        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">A pathway</h2>
          <PathwayTimeline pathway={pathway} onC2cEventOpen={(e) => setLog(`Opened event: ${e.detail.event.title}`)} />
        </section>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
