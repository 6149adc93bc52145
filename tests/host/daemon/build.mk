# isold host tests (filled below)
