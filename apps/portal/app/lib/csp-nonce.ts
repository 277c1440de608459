import { createContext, useContext } from 'react';

/**
 * This response's CSP nonce, for the inline scripts and style the page renders. Provided only
 * while rendering on the server (entry.server.tsx): browsers hide a nonce from scripts anyway,
 * and the client never adds an inline script of its own, so in the browser it is ''.
 */
export const CspNonceContext = createContext('');
export const useCspNonce = () => useContext(CspNonceContext);
