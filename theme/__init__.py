"""memorybook's bundled theme: Material overrides for the site and the book's print templates."""
