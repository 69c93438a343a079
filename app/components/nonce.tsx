import { createContext, useContext } from "react";

/** The Content-Security-Policy nonce for this response; empty in the browser (it is hidden there). */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
