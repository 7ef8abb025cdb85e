/* The landing page: links to the three pages, in the chosen language. */
'use strict';

document.addEventListener('DOMContentLoaded', () => Andon.initLanguage());
