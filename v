mkepub 1.0.0
libzip 1.7.3
libxml2 2.9.14
cmark-gfm 0.29.0.gfm.6
libdeflate 1.14
nettle 3.8
