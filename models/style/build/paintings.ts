// What each style painting is (from ../shared/data/style/SOURCE.md, which records where every file
// came from and our reading of its copyright status). The build copies these into the manifest's
// `styles` list, which GET /v1/styles serves. Keyed by the style name used in config/styles.json.
// Only public-domain paintings may be listed: the CAUTION_ files (Picasso, protected outside the US
// until 2044) are not trained, not shipped and get no thumbnail.

export interface Painting {
  title: string;
  artist: string;
  year: string;
  licence: string;
  /** The file in ../shared/data/style/styles/ (as in config/styles.json). */
  file: string;
}

export const PAINTINGS: Record<string, Painting> = {
  starry_night: {
    title: 'The Starry Night',
    artist: 'Vincent van Gogh',
    year: '1889',
    licence: 'Public domain (artist d. 1890)',
    file: 'vangogh_starry_night_1889.jpg',
  },
  the_scream: {
    title: 'The Scream',
    artist: 'Edvard Munch',
    year: '1893',
    licence: 'Public domain (artist d. 1944)',
    file: 'munch_the_scream_1893.jpg',
  },
  shipwreck: {
    title: 'The Shipwreck of the Minotaur',
    artist: 'J. M. W. Turner',
    year: 'c. 1810',
    licence: 'Public domain (artist d. 1851)',
    file: 'turner_shipwreck_of_the_minotaur_c1810.jpg',
  },
  great_wave: {
    title: 'The Great Wave off Kanagawa',
    artist: 'Katsushika Hokusai',
    year: 'c. 1831',
    licence: 'Public domain (artist d. 1849)',
    file: 'hokusai_great_wave_c1831.jpg',
  },
  composition_vii: {
    title: 'Composition VII',
    artist: 'Wassily Kandinsky',
    year: '1913',
    licence: 'Public domain (artist d. 1944)',
    file: 'kandinsky_composition_vii_1913.jpg',
  },
  udnie: {
    title: 'Udnie (Young American Girl, The Dance)',
    artist: 'Francis Picabia',
    year: '1913',
    licence: 'Public domain (artist d. 1953; US: published before 1929)',
    file: 'picabia_udnie_1913.jpg',
  },
  woman_with_hat: {
    title: 'Woman with a Hat',
    artist: 'Henri Matisse',
    year: '1905',
    licence: 'Public domain (artist d. 1954; US: published before 1929)',
    file: 'matisse_woman_with_a_hat_1905.jpg',
  },
  // The source file is unnamed (pytorch-AdaIN's input/style/mondrian.jpg). Its ochre-and-grey palette,
  // proportions (902x825 px; 113.6 x 104.4 cm) and the grid fading towards the edges match Tableau
  // No. 2/Composition No. VII (1913, Guggenheim, New York), but that has not been checked against the
  // museum's image, so the catalogue shows a descriptive title rather than a guessed one
  // (docs/styles/README.md, Thumbnails).
  mondrian: {
    title: 'Cubist composition in ochre and grey',
    artist: 'Piet Mondrian',
    year: 'c. 1913',
    licence: 'Public domain (artist d. 1944)',
    file: 'mondrian_composition_c1913.jpg',
  },
  contrast_of_forms: {
    title: 'Contrast of Forms',
    artist: 'Fernand Léger',
    year: '1913',
    licence: 'Public domain (artist d. 1955; US: published before 1929)',
    file: 'leger_contrast_of_forms_1913.jpg',
  },
  water_lilies: {
    title: 'Water Lilies (detail)',
    artist: 'Claude Monet',
    year: 'undated (series 1897-1926)',
    licence: 'Public domain (artist d. 1926)',
    file: 'monet_water_lilies_crop.jpg',
  },
};
