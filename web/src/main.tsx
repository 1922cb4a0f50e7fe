import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The entry point is the composition root above app/, the one place allowed to import it.
import { App } from './app/app';
import { registerCspNonce } from './lib/csp-nonce';

registerCspNonce();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
