import helmet from 'helmet';

/**
 * Headers for every response, the console's pages above all: scripts, styles, images and
 * requests only from this origin (the console bundles everything: it works air-gapped), never
 * framed, no referrer leaked to elsewhere. Inline styles stay allowed: the component library
 * sets CSS variables in a style element at run time; inline scripts do not.
 */
export const securityHeaders = () =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    referrerPolicy: { policy: 'same-origin' },
  });
