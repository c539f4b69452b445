"""Word pools for synthetic names, per language, as filers and registries write them.

Plain data: given names (male, female), family-name roots and suffixes (composed into a few
thousand family names per language), company words (sectors), places, legal forms, bank and
association patterns, party names. Cyrillic (`ru`) and Greek (`el`) pools are written in
their own script; `names.py` transliterates them. The words are common ones; every
combination the generator builds is invented.
"""

from __future__ import annotations


def _w(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# given names: (male, female); the shorter list decides how many of each are used
GIVEN = {
    "en": (_w("James John Robert Michael David William Richard Thomas Charles Daniel Matthew "
              "Andrew Mark Paul Steven George Edward Henry Oliver Harry Jack Samuel Benjamin "
              "Joseph Christopher Peter Simon Graham Stuart Neil Colin Ian Alan Martin Philip "
              "Roger Keith Derek Nigel"),
           _w("Mary Patricia Jennifer Linda Elizabeth Susan Jessica Sarah Karen Emma Olivia "
              "Amelia Charlotte Sophie Emily Lucy Hannah Grace Rachel Rebecca Laura Helen "
              "Claire Fiona Alison Joanne Nicola Victoria Catherine Margaret Ruth Jane Anne "
              "Deborah Caroline Gillian Diane Harriet Imogen")),
    "de": (_w("Thomas Michael Andreas Stefan Christian Markus Matthias Alexander Martin Frank "
              "Jürgen Klaus Wolfgang Peter Uwe Ralf Jörg Dieter Bernd Günter Lukas Jonas Felix "
              "Maximilian Florian Tobias Sebastian Johannes Philipp Moritz Manfred Helmut "
              "Rüdiger Volker Lothar Gerhard Horst Norbert Joachim Reinhard"),
           _w("Sabine Petra Claudia Susanne Andrea Monika Birgit Ursula Karin Gabriele Anja "
              "Katrin Stefanie Nicole Julia Lena Leonie Hannah Lea Johanna Annika Franziska "
              "Theresa Veronika Brigitte Renate Ingrid Elke Heike Silke Martina Doris Gisela "
              "Hildegard Jutta Dagmar Annette Christiane Margarete Elfriede")),
    "fr": (_w("Jean Pierre Michel André Philippe Alain Jacques Bernard Daniel Christophe "
              "Nicolas Laurent Frédéric Stéphane Olivier Thierry Éric François Patrick Sébastien "
              "Julien Antoine Mathieu Guillaume Hugo Lucas Théo Baptiste Clément Romain Benoît "
              "Gilles Hervé Yves Didier Pascal Régis Gérard Loïc Cédric"),
           _w("Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Sandrine "
              "Sophie Céline Stéphanie Véronique Camille Chloé Léa Manon Élodie Aurélie Émilie "
              "Juliette Margaux Pauline Mathilde Inès Agnès Brigitte Chantal Danielle Geneviève "
              "Hélène Jacqueline Josiane Martine Mireille Monique Odile Solène Claire Anaïs")),
    "nl": (_w("Jan Pieter Kees Hendrik Willem Johannes Cornelis Gerrit Dirk Bas Thijs Daan Sem "
              "Lars Ruud Joost Maarten Sander Wouter Jeroen Bram Koen Niels Stijn Teun Erik "
              "Marco Frank Arjen Hans Rob Ronald Michiel Floris Gijs Jasper Rutger Sjoerd Tjeerd"),
           _w("Anna Maria Johanna Cornelia Wilhelmina Elisabeth Sanne Femke Lotte Eva Fleur "
              "Sophie Emma Julia Lisa Anouk Iris Marloes Ingrid Marieke Annelies Wendy Linda "
              "Esther Karin Petra Saskia Mirjam Hanneke Jolanda Ilse Roos Noor Tessa Maartje "
              "Sietske Willemijn Jantine Geertje Lieke")),
    "it": (_w("Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore "
              "Carlo Franco Domenico Bruno Paolo Michele Giorgio Aldo Sergio Luciano Marco "
              "Alessandro Andrea Matteo Lorenzo Riccardo Davide Simone Federico Stefano Massimo "
              "Roberto Fabio Claudio Enrico Gianluca Daniele Emanuele Raffaele Tommaso"),
           _w("Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Caterina "
              "Francesca Giulia Chiara Sara Martina Alessandra Valentina Federica Silvia "
              "Elisa Paola Laura Roberta Cristina Barbara Daniela Elena Simona Monica Patrizia "
              "Antonella Raffaella Serena Beatrice Ilaria Arianna Veronica Gabriella Lorena "
              "Irene")),
    "hu": (_w("László István József János Zoltán Sándor Gábor Ferenc Attila Péter Tamás Zsolt "
              "Tibor András Csaba Imre Lajos György Balázs Róbert Miklós Mihály Béla Dániel "
              "Ádám Krisztián Levente Bence Máté Dávid Gergely Norbert Viktor Károly Endre "
              "Géza Ottó Dezső Kálmán Barnabás"),
           _w("Mária Erzsébet Katalin Ilona Éva Anna Zsuzsanna Margit Judit Ágnes Andrea "
              "Erika Krisztina Edit Gabriella Szilvia Anita Mónika Tímea Eszter Orsolya Réka "
              "Zsófia Dóra Petra Nóra Boglárka Viktória Hajnalka Ibolya Piroska Rozália Klára "
              "Etelka Gizella Irén Magdolna Veronika Enikő Emese")),
    "pl": (_w("Piotr Krzysztof Andrzej Tomasz Jan Paweł Michał Marcin Stanisław Jakub Adam "
              "Marek Łukasz Grzegorz Mateusz Wojciech Mariusz Dariusz Zbigniew Jerzy Maciej "
              "Rafał Kamil Robert Kacper Szymon Bartosz Sebastian Przemysław Tadeusz Ryszard "
              "Henryk Kazimierz Wiesław Zdzisław Bogdan Sławomir Witold Janusz Leszek"),
           _w("Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Elżbieta "
              "Zofia Joanna Magdalena Monika Teresa Danuta Natalia Aleksandra Karolina Marta "
              "Beata Dorota Alicja Jolanta Iwona Grażyna Justyna Halina Irena Bożena Renata "
              "Urszula Weronika Patrycja Paulina Sylwia Wiktoria Lucyna Genowefa Jadwiga Halszka")),
    "ru": (_w("Александр Сергей Дмитрий Андрей Алексей Максим Евгений Иван Михаил Николай "
              "Владимир Юрий Олег Игорь Виктор Павел Константин Вадим Геннадий Борис Григорий "
              "Аркадий Валерий Анатолий Леонид Роман Денис Антон Артём Кирилл Фёдор Степан "
              "Тимофей Яков Вячеслав Станислав Эдуард Ростислав Всеволод Святослав"),
           _w("Елена Ольга Наталья Татьяна Ирина Светлана Екатерина Мария Анна Юлия Марина "
              "Людмила Галина Валентина Лариса Нина Вера Надежда Любовь Алла Оксана Дарья "
              "Ксения Полина Алина Виктория Евгения Жанна Зоя Инна Кира Лидия Майя Раиса "
              "Тамара Ульяна Элеонора Яна Злата Всеслава")),
    "el": (_w("Γιώργος Δημήτρης Κώστας Γιάννης Νίκος Παναγιώτης Βασίλης Χρήστος Αθανάσιος "
              "Μιχάλης Ευάγγελος Σπύρος Αντώνης Ηλίας Σταύρος Θεόδωρος Ανδρέας Στέλιος Πέτρος "
              "Λευτέρης Μανώλης Άγγελος Αλέξανδρος Θανάσης Απόστολος Φώτης Γρηγόρης Τάσος"),
           _w("Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Αγγελική Γεωργία Δήμητρα Ευαγγελία "
              "Ιωάννα Χριστίνα Παναγιώτα Αναστασία Ειρήνη Κωνσταντίνα Δέσποινα Αλεξάνδρα "
              "Θεοδώρα Σταυρούλα Φωτεινή Χαρίκλεια Ζωή Ουρανία Αθηνά Κυριακή Νικολέτα Μαρίνα "
              "Ευτυχία")),
    "tr": (_w("Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer "
              "Ramazan Halil Süleyman Abdullah Mahmut Recep Salih Fatih Kemal Emre Burak Serkan "
              "Volkan Tolga Kaan Cem Barış Uğur"),
           _w("Fatma Ayşe Emine Hatice Zeynep Elif Meryem Şerife Zehra Sultan Hanife Merve "
              "Havva Zeliha Esra Özlem Yasemin Hülya Gülsüm Sevgi Derya Ebru Gamze Tuğba Pınar "
              "Büşra Selin Nazlı Çiğdem Şule")),
    "zh": (_w("Wei Qiang Lei Jun Yang Yong Jie Tao Ming Chao Hao Peng Bin Gang Hui Long Kai "
              "Feng Bo Xin Jian Ning Dong Liang Cheng Zhen Rui Yu Hong Sheng"),
           _w("Fang Min Jing Li Ying Xiu Juan Yan Ling Mei Hua Lan Qing Xia Yun Dan Ping Na "
              "Hong Lei Ting Xue Zhen Yu Shu Hui Lin Fei Jia Wen")),
    "ar": (_w("Mohammed Ahmed Ali Omar Khalid Hassan Hussein Abdullah Ibrahim Youssef Saeed "
              "Rashid Hamad Sultan Majid Faisal Tariq Nasser Walid Karim Samir Jamal Adel Bilal "
              "Mansour Zayed Fahad Salem Hamdan Marwan"),
           _w("Fatima Aisha Mariam Layla Noor Huda Amina Salma Rania Dana Hala Lina Yasmin "
              "Nadia Samira Zainab Reem Hessa Maha Shaikha Latifa Mouza Alia Noura Asma Sara "
              "Rana Dalia Farah Mona")),
    "es": (_w("José Juan Carlos Luis Miguel Javier Antonio Manuel Francisco Pedro Jesús "
              "Alejandro Rafael Fernando Pablo Sergio Jorge Alberto Diego Andrés Raúl Enrique "
              "Ramón Vicente Eduardo Ignacio Gonzalo Rodrigo Héctor Óscar"),
           _w("María Carmen Ana Isabel Laura Marta Lucía Cristina Paula Elena Pilar Rosa "
              "Sofía Teresa Beatriz Raquel Silvia Patricia Sara Andrea Julia Irene Alicia "
              "Inés Nuria Rocío Verónica Mercedes Lorena Marina")),
}

# family names = root + suffix; (roots, male suffixes, female suffixes or None = same)
FAMILY = {
    "en": (_w("Ash Brad Clay Crom Dal Elm Fair Gold Hart Hol Kings Lang Mar Mil Nor Pem Red "
              "Rad Shel Stan Thorn Wat Whit Win Ald Brom Cal Dun Ever Ful Hall Hux Ken Lid "
              "Moss Oak Pen Rus Sid Stock Tal Wel Wake Bar Cart Dray Fitz Hay Lowe"),
           _w("ford ley ton wood son well by more field worth ridge dale wick ham ington "
              "stone brook croft gate hurst land mouth shaw ward combe"), None),
    "de": (_w("Berg Stein Hof Wald Linden Brand Eich Feld Gold Hahn Kirch Klein Kohl Lang "
              "Ober Rosen Schön Schwarz Weiß Wolf Acker Bach Baum Dorn Eder Falk Fried Grün "
              "Haber Hart Heil Hirsch Holz Horn Kamm Kessel Kraus Lauten Mittel Neu Rhein Sauer "
              "Spiel Stroh Teich Unter Wein Zimmer Bruck Eng"),
           _w("er mann berger hauser meier bach huber inger ner reiter hofer bauer lechner "
              "müller hammer felder wieser mayr stetter thaler rieder schläger kötter ling"), None),
    "fr": (_w("Bern Ren Gir Fourn Mor Laur Lamb Bouch Charp Chev Dav Dur Fauc Garn Gauth "
              "Guér Lebl Mall Marc Merc Mich Perr Poir Roch Vinc Boiss Brun Cail Carr Chauv "
              "Drou Gaill Hub Jacqu Lecl Mén Pell Rich Riv Tess Thib Vial Bout Coll Dem Fav "
              "Lem Pag Rouss"),
           _w("ard aud ier eau et ot in on ault elle ais ès oux ac ant el euil ois ade ay"), None),
    "nl": (_w("Berg Bosch Meer Velde Wal Heuvel Broek Vliet Haar Dijk Hoek Kamp Laan Molen "
              "Steen Veen Wijk Beek Bruin Dam Groen Hout Kerk Linde Mark Noord Oost Polder "
              "Rijn Schouw Sluis Toren Water Wind Zand Akker Bunt Dorp Hage Klaas Leeuw Maas "
              "Roos Smit Visser Wever Zwart Geer Boer Brink"),
           _w("sma stra ink ens man kamp hof veld huis mans ema inga ing horst water stee"), None),
    "it": (_w("Ross Bianch Ferr Espos Colomb Ricc Marin Gre Brun Gall Cont Manc Giord Rizz "
              "Lomb Moret Barb Font Sant Rinald Ferrar Serr Fabbr Vital Pellegr Palm Mart "
              "Bern Pagan Vill Gatt Leon Sorrent Caval Mazz Fior Bellin Cappell Donat Farin "
              "Guid Lanz Monti Negr Orlan Parod Rocc Sal Tost"),
           _w("i o ini etti elli one ucci ato ero esi otti acci ano ese izzi ari oni"), None),
    "hu": (_w("Szeged Buda Győr Pest Bárány Vár Hegy Fehér Fekete Sár Tisza Duna Mező Erdő "
              "Kő Rét Nagy Kis Hal Szil Tölgy Nyír Kert Patak Halmi Som Bán Gál Lak Mol Rác "
              "Szabad Takác Tar Vad Varg Zöld Bor Csorb Fodor Gyar Hajd Kun Marton Pál Sebes "
              "Szántó Tót Vida"),
           _w("i fi házi falvi helyi völgyi hegyi kuti révi szegi vári földi halmi laki "
              "győri"), None),
    "pl": (_w("Kowal Nowak Wiśniew Wójc Kamień Lewand Zieliń Szyman Woźni Dąbrow Kozł Jank "
              "Mazur Kwiat Krawc Piotr Grab Pawł Michal Adam Dudz Zając Wiecz Jabłoń Król "
              "Majew Olsz Jawor Wróbl Malin Witk Walc Stęp Górs Rutk Sikor Ostr Baran Szewc "
              "Tomasz Pietrz Zalew Borow Czarn Gołęb Kaczm Lis Sobcz Wilk Zawadz"),
           _w("ski ewski owski cki czyk ak ek ik icz ewicz owicz"),
           _w("ska ewska owska cka czyk ak ek ik icz ewicz owicz")),
    "ru": (_w("Иван Петр Сидор Смирн Кузнец Сокол Волк Козл Лебед Новик Орл Медвед Зайц Белк "
              "Ворон Голуб Журавл Комар Морозь Павл Романь Семен Тарас Федор Гусев Быстр Громь "
              "Добр Ерем Жук Зуб Карп Лавр Мельник Никит Осип Прох Руд Сорок Тихон Устин Фом "
              "Харит Чернь Шиль Щерб Юдин Яков Баран Гордей Абрам Агап Аксен Алфер Анисим "
              "Арсень Афанась Бажен Беляк Бобр Борис Булат Вавил Варлам Ведерник Веретен "
              "Вершин Власть Воронц Галкин Гераськ Глебь Горбун Грачь Гришин Данилк Дем Дорон "
              "Дроздь Евдоким Ежь Елисе Ершь Жданк Журь Забел Завьял Звер Зимин Золот Зотик "
              "Игнать Илюш Калачь Капуст Карась Кисель Клим Ковал Колесник Кондрать Коршун "
              "Крюк Кудрявц Лапш Ласточк Лукин Лыс Маслен Матвеен Мирон Мух Назар Нестер Овсян "
              "Окунь Пахом Пест Пирог Полук Потап Пряник Рыжк Савел Самсон Сенник Силант "
              "Скворц Смол Сом Стрелк Сухан Тарх Трофим Тюлен Ульян Фадей Филат Хмел Цвет "
              "Чайк Шашк Шубин Щеглов Ярыгин"),
           _w("ов ев ин ский цев енко"), _w("ова ева ина ская цева енко")),
    "el": (_w("Παπαδ Γεωργ Νικολ Αντων Δημητρ Κωνσταντ Ιωανν Βασιλ Χριστ Μιχαηλ Αθανασ "
              "Σταυρ Πετρ Θεοδωρ Αλεξανδρ Ευαγγελ Σπυρ Ηλι Μαρκ Λαμπρ Καραγ Παπαγ Τσακ Ζαχαρ "
              "Κυριακ Μανωλ Οικονομ Παυλ Ρουσ Σωτηρ Αγγελ Αναστασ Αποστολ Βλαχ Γαλαν Γιαννακ "
              "Δασκαλ Ζερβ Θεοχαρ Καλογερ Καρρ Κοντ Κουτσ Λιακ Μαυρ Μπαλτ Ξενακ Οικον Πανταζ "
              "Ραπτ Σαββ Σιδηρ Τζαν Τσιρ Φραγκ Χατζ Ψαρ"),
           _w("όπουλος ίδης άκης ίου άτος έας"), _w("οπούλου ίδου άκη ίου άτου έα")),
    "tr": (_w("Kara Ak Öz Yıl Demir Kaya Taş Er Gül Can Çelik Tekin Altın Ay Gök Şen Yücel "
              "Aslan Kurt Koç Bay Ata Bozkurt Erdem Tun Uz Sarı Kılıç Doğ Bal"),
           _w("dağ kaya taş türk doğan soy kan han oğlu yıldız can er"), None),
    "zh": (_w("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin "
              "Gao Luo Zheng Liang Xie Song Tang Han Feng Deng Cao Peng"), ("",), None),
    "ar": (_w("Rashid Mansouri Hashimi Nahyan Qasimi Farsi Habib Hamdan Kuwari Marri Sayed "
              "Shehhi Suwaidi Tamimi Zaabi Ameri Balushi Dhaheri Falasi Ghamdi Harthi Jaber "
              "Kaabi Mazrouei Nuaimi Otaibi Qahtani Rumaithi Shamsi Zahrani"), ("",), None),
    "es": (_w("Rodrígu Fernánd Gonzál Martín Sánch Pér Góm Lóp Hernánd Jimén Álvar Ramír "
              "Suár Domíngu Vázqu Blanc Castr Ortiz Rubi Molin Delgad Morales Ortega Iglesias "
              "Garrid Gallard Cortés Lozan Guerrer Medin"), _w("ez o a es"), None),
}

# company words: sectors in the language's own words
SECTORS = {
    "en": _w("Logistics Engineering Construction Property Consulting Trading Energy Media "
             "Foods Holdings Capital Estates Developments Systems Technologies Services "
             "Builders Motors Textiles Brewery Printing Security Healthcare Farms Partners"),
    "de": _w("Metallbau Logistik Bau Immobilien Beratung Handel Energie Medien Lebensmittel "
             "Maschinenbau Elektro Transporte Verlag Brauerei Druck Sicherheit Gebäudetechnik "
             "Autohaus Textil Holzbau Software Agrar Pharma Invest Vermögensverwaltung"),
    "fr": _w("Bâtiment Logistique Conseil Distribution Énergie Médias Immobilier Transports "
             "Imprimerie Industries Alimentaire Ingénierie Sécurité Textile Vins Services "
             "Informatique Agricole Santé Travaux Finance Hôtellerie Matériaux Chimie Optique"),
    "nl": _w("Bouw Logistiek Advies Handel Energie Media Vastgoed Transport Techniek "
             "Installatie Drukkerij Beveiliging Voeding Bloemen Software Scheepvaart Beheer "
             "Projecten Groothandel Zuivel Tuinbouw Metaal Verhuur Onderhoud Groep"),
    "it": _w("Costruzioni Logistica Consulenze Commercio Energia Media Immobiliare Trasporti "
             "Tipografia Industrie Alimentari Ingegneria Sicurezza Tessile Vini Servizi "
             "Informatica Agricola Meccanica Arredamenti Edilizia Farmaceutica Impianti "
             "Calzature Ceramiche"),
    "hu": _w("Építő Logisztika Tanácsadó Kereskedelmi Energia Média Ingatlan Szállítási "
             "Nyomda Ipari Élelmiszer Mérnöki Biztonsági Textil Borászat Szolgáltató "
             "Informatikai Mezőgazdasági Gépészeti Vagyonkezelő Fejlesztő Beruházó Kiadó "
             "Fuvarozó Agrár"),
    "pl": _w("Budownictwo Logistyka Doradztwo Handel Energia Media Nieruchomości Transport "
             "Drukarnia Przemysł Spożywcza Inżynieria Ochrona Tekstylia Usługi Informatyka "
             "Rolnictwo Mechanika Meble Instalacje Farmacja Inwestycje Konsulting Dystrybucja "
             "Stal"),
    "ru": _w("Нефтегаз Энерго Строй Транс Инвест Торг Пром Агро Металл Лес Экспорт Импорт "
             "Финанс Девелопмент Логистик Капитал Технологии Холдинг Трейдинг Снаб Уголь "
             "Газпром Химпром Маш Флот"),
    "el": _w("Ναυτιλιακή Κατασκευαστική Εμπορική Ενεργειακή Τεχνική Ξενοδοχειακή Τουριστική "
             "Επενδυτική Βιομηχανική Συμβουλευτική Μεταφορική Αγροτική Φαρμακευτική "
             "Τεχνολογική Ασφαλιστική"),
    "tr": _w("İnşaat Lojistik Danışmanlık Ticaret Enerji Medya Gayrimenkul Nakliyat Matbaa "
             "Sanayi Gıda Mühendislik Güvenlik Tekstil Yatırım Turizm Madencilik Otomotiv "
             "Tarım Holding"),
    "zh": _w("Trading Industrial Energy Construction Investment Logistics Technology "
             "Machinery Petroleum Mining Shipping Electronics Steel Textile Pharmaceutical"),
    "ar": _w("Trading Investments Contracting Petroleum Logistics Properties Industries "
             "Holding Capital Shipping Development General Services Energy Ventures"),
    "es": _w("Construcciones Logística Consultores Comercial Energía Medios Inmobiliaria "
             "Transportes Industrias Alimentos Ingeniería Seguridad Textil Servicios Petróleo"),
}

# place-like words for company, bank and association names
PLACES = {
    "en": _w("Thames Severn Mersey Pennine Cotswold Wessex Mercia Anglia Solent Humber Tyne "
             "Avon Chiltern Cumbria Dales Fenland Kestrel Northgate Riverside Weald"),
    "de": _w("Rheinland Alpen Donau Elbtal Harz Taunus Eifel Allgäu Schwarzwald Spessart "
             "Nordsee Ostsee Bodensee Lausitz Mosel Neckar Odenwald Altmark Breisgau Innviertel"),
    "fr": _w("Provence Bretagne Normandie Loire Alsace Lorraine Aquitaine Picardie Vendée "
             "Savoie Auvergne Gascogne Camargue Vercors Morvan Touraine Anjou Quercy Artois Jura"),
    "nl": _w("Holland Brabant Zeeland Veluwe Twente Drenthe Friesland Kennemer Betuwe Achterhoek "
             "Gooi Rijnmond Westland Salland Texel Peel Kempen Waterland Zaanstreek Delfland"),
    "it": _w("Toscana Lombarda Veneta Adriatica Tirrenica Padana Sabina Marche Emiliana "
             "Ligure Sannio Salento Cilento Brianza Langhe Valtellina Etruria Romagna Irpinia "
             "Maremma"),
    "hu": _w("Alföld Dunántúl Balaton Mátra Bakony Tisza Hajdú Zemplén Őrség Pilis Nyírség "
             "Bácska Jászság Kiskunság Mecsek Hortobágy Somogy Zala Vértes Börzsöny"),
    "pl": _w("Mazowsze Pomorze Śląsk Kujawy Warmia Podlasie Małopolska Wielkopolska Kaszuby "
             "Mazury Podhale Roztocze Bieszczady Żuławy Kurpie Lubusz Opole Sudety Tatry Wisła"),
    "ru": _w("Урал Сибирь Волга Кубань Байкал Амур Тула Дон Кама Нева Алтай Ямал Таймыр "
             "Печора Онега Сахалин Кама Обь Енисей Лена"),
    "el": _w("Αιγαίο Ιόνιο Όλυμπος Κρήτη Μακεδονία Θεσσαλία Ήπειρος Πελοπόννησος Αττική "
             "Κυκλάδες Δωδεκάνησα Θράκη Εύβοια Ρόδος Λέσβος"),
    "tr": _w("Anadolu Marmara Ege Karadeniz Toros Kapadokya Trakya Akdeniz Fırat Dicle Erciyes "
             "Uludağ Pamukkale Bosphorus Konya"),
    "zh": _w("Huaxia Zhongyuan Jiangnan Bohai Yangtze Pearl Tianshan Kunlun Changjiang Huanghe "
             "Dongfang Xinhua Hengtai Jinqiao Taishan"),
    "ar": _w("Gulf Emirates Arabian Oasis Falcon Pearl Desert Crescent Dune Marina Horizon "
             "Palm Coral Sands Majlis"),
    "es": _w("Andina Caribe Orinoco Llanos Cordillera Pacífico Atlántico Bolívar Sierra "
             "Mérida Zulia Guayana Lara Aragua Miranda"),
}

# syllables for invented brand words ("Voltana", "Brenmark")
SYLLABLES = {
    "latin": _w("al an ar ber bren cor dal den el for gal hel ion kar lan lor mar mer nor nov "
                "or pan quen ran ros sal sen tal ter tor val vel ven vol zan lux vit aur cam "
                "dor fen gra kel lin mon"),
    "ru": _w("ал ар бер вол гал дан ен ил кам кор лан мар нор ов пер рос сев тал тех ур фер "
             "хим цен яр гор дон лес мир сиб"),
    "el": _w("αλ αρ βε γα δε ελ θε κα λα μα νε ορ πα ρο σα τα φι χρ ωμ ιον"),
}

# legal forms: the usual one first; a filer may write any of them or none
FORMS = {
    "en": ("Ltd", "Limited", "PLC", "LLP"),
    "de": ("GmbH", "AG", "GmbH & Co. KG", "KG", "e.K."),
    "fr": ("SARL", "SA", "SAS", "EURL"),
    "nl": ("B.V.", "N.V.", "BV", "VOF"),
    "it": ("S.r.l.", "S.p.A.", "SRL", "S.a.s."),
    "hu": ("Kft.", "Zrt.", "Nyrt.", "Bt."),
    "pl": ("sp. z o.o.", "S.A.", "Sp. z o.o.", "sp.k."),
    "ru": ("OOO", "AO", "PAO", "ZAO"),
    "el": ("A.E.", "E.P.E.", "I.K.E.", "O.E."),
    "tr": ("A.Ş.", "Ltd. Şti.", "AŞ", "Ltd. Şti"),
    "zh": ("Co., Ltd.", "Group Co., Ltd.", "Corporation", "Co. Ltd"),
    "ar": ("LLC", "PJSC", "FZE", "FZCO"),
    "es": ("S.A.", "S.L.", "C.A.", "S.R.L."),
}
# Cyrillic and Greek legal forms as written in the native script
NATIVE_FORMS = {"OOO": "ООО", "AO": "АО", "PAO": "ПАО", "ZAO": "ЗАО", "A.E.": "Α.Ε.",
                "E.P.E.": "Ε.Π.Ε.", "I.K.E.": "Ι.Κ.Ε.", "O.E.": "Ο.Ε."}
# the legal form spelled out, as some filers write it
LONG_FORMS = {
    "Ltd": "Limited", "GmbH": "Gesellschaft mit beschränkter Haftung", "AG": "Aktiengesellschaft",
    "SARL": "S.A.R.L.", "SA": "Société Anonyme", "B.V.": "Besloten Vennootschap",
    "N.V.": "Naamloze Vennootschap", "S.r.l.": "Società a responsabilità limitata",
    "S.p.A.": "Società per Azioni", "Kft.": "Korlátolt Felelősségű Társaság",
    "sp. z o.o.": "spółka z ograniczoną odpowiedzialnością", "OOO": "LLC", "AO": "JSC",
    "PAO": "PJSC", "A.E.": "S.A.", "A.Ş.": "Anonim Şirketi", "LLC": "L.L.C.", "S.A.": "SA",
}

# bank names: {x} is a place or invented word of the language
BANKS = {
    "en": ("{x} Bank plc", "Bank of {x}", "{x} Building Society", "{x} Savings Bank"),
    "de": ("Volksbank {x} eG", "Sparkasse {x}", "Raiffeisenbank {x} eG", "{x} Privatbank AG",
           "Bankhaus {x} AG"),
    "fr": ("Banque {x}", "Crédit Mutuel {x}", "Caisse d'Épargne {x}", "Banque Populaire {x}"),
    "nl": ("{x} Bank N.V.", "Rabobank {x}", "{x} Spaarbank N.V."),
    "it": ("Banca {x} S.p.A.", "Cassa di Risparmio di {x}", "Banca di Credito Cooperativo {x}"),
    "hu": ("{x} Bank Zrt.", "{x} Takarékszövetkezet", "{x} Kereskedelmi Bank Zrt."),
    "pl": ("Bank {x} S.A.", "Bank Spółdzielczy {x}", "{x} Bank Polski S.A."),
    "ru": ("Банк «{x}»", "{x} Промбанк", "{x} Коммерческий Банк"),
    "el": ("Τράπεζα {x} Α.Ε.", "{x} Bank Α.Ε."),
    "tr": ("{x} Bankası A.Ş.", "{x} Katılım Bankası A.Ş.", "Türkiye {x} Bankası A.Ş."),
    "zh": ("Bank of {x}", "{x} Commercial Bank Co., Ltd.", "{x} Rural Commercial Bank"),
    "ar": ("{x} Islamic Bank PJSC", "Bank {x} PJSC", "{x} National Bank"),
    "es": ("Banco {x} S.A.", "Banco de {x} C.A.", "Caja {x}"),
}

# associations, foundations and trusts: {x} place or invented word, {n} a cause
ASSOCIATIONS = {
    "en": ("{x} {n} Trust", "Friends of {x}", "{x} Foundation for {n}", "{x} {n} Institute",
           "Centre for {n} {x}"),
    "de": ("Verein {x} {n}", "Stiftung {x} {n}", "Förderverein {x}", "Initiative {n} {x} e.V."),
    "fr": ("Association {n} {x}", "Fondation {x} pour {n}", "Cercle {x}", "Amis de {x}"),
    "nl": ("Stichting {x} {n}", "Vereniging {n} {x}", "Stichting Vrienden van {x}"),
    "it": ("Associazione {n} {x}", "Fondazione {x} per {n}", "Comitato {x}"),
    "hu": ("{x} {n} Egyesület", "{x} Alapítvány", "{x} {n} Alapítvány"),
    "pl": ("Fundacja {x} {n}", "Stowarzyszenie {n} {x}", "Fundacja Przyjaciół {x}"),
    "ru": ("Фонд «{x}»", "Фонд поддержки {x}", "Общество «{x}»"),
    "el": ("Ίδρυμα {x}", "Σύλλογος {x}"),
    "tr": ("{x} Vakfı", "{x} Derneği", "{x} {n} Vakfı"),
    "zh": ("{x} Foundation", "{x} Cultural Association"),
    "ar": ("{x} Foundation", "{x} Charitable Society"),
    "es": ("Fundación {x}", "Asociación {n} {x}"),
}
CAUSES = {
    "en": _w("Freedom Democracy Liberty Heritage Prosperity Values Family Enterprise Sovereignty "
             "Renewal"),
    "de": _w("Heimat Zukunft Freiheit Wirtschaft Tradition Bürgersinn Mittelstand Umwelt Familie "
             "Bildung"),
    "fr": _w("Liberté Avenir Patrimoine Entreprise Souveraineté Renouveau Famille Territoires "
             "Solidarité Progrès"),
    "nl": _w("Vrijheid Toekomst Welvaart Erfgoed Ondernemen Soevereiniteit Gezin Vernieuwing "
             "Democratie Natuur"),
    "it": _w("Libertà Futuro Identità Impresa Sovranità Famiglia Rinnovamento Tradizione "
             "Territorio Progresso"),
    "hu": _w("Szabadság Jövő Hagyomány Család Nemzet Polgári Vállalkozás Megújulás Haza "
             "Összefogás"),
    "pl": _w("Wolność Przyszłość Tradycja Rodzina Suwerenność Przedsiębiorczość Odnowa "
             "Ojczyzna Solidarność Rozwój"),
    "ru": _w("Возрождение Единство Наследие Развитие Отечество"),
    "el": _w("Ελευθερία Δημοκρατία Ανάπτυξη Παράδοση Πρόοδος"),
    "tr": _w("Demokrasi Gelecek Birlik Kalkınma Kültür"),
    "zh": _w("Friendship Harmony Development Exchange Cooperation"),
    "ar": _w("Development Dialogue Heritage Cooperation Progress"),
    "es": _w("Libertad Democracia Progreso Futuro Desarrollo"),
}

# parties: {n} cause, {x} place; a jurisdiction's parties are drawn from these patterns
PARTIES = {
    "en": ("{n} Party", "{x} {n} Alliance", "Party for {n}", "{n} and {n2} Union",
           "{x} Independents"),
    "de": ("Partei für {n} und {n2}", "Bürgerliste {x}", "{n} Union", "Bündnis {n} {x}",
           "Freie Wähler {x}"),
    "fr": ("Mouvement {n} et {n2}", "Parti de {n}", "Union pour {n}", "Alliance {x}",
           "Rassemblement {n} {x}"),
    "nl": ("Partij voor {n} en {n2}", "Verbond {x}", "Beweging {n}", "Lijst {x}",
           "Democraten voor {n}"),
    "it": ("Movimento {n} e {n2}", "Partito della {n}", "Lega {x}", "Alleanza per {n}",
           "Unione {x}"),
    "hu": ("{n} Pártja", "{x} {n} Szövetség", "{n} és {n2} Mozgalom", "Magyar {n} Párt"),
    "pl": ("Partia {n} i {n2}", "Ruch {n}", "Porozumienie {x}", "Sojusz {n} {x}",
           "Kongres {n}"),
    "tr": ("{n} Partisi", "{x} {n} Hareketi"),
    "ru": ("Партия «{n}»", "Движение «{x}»"),
}
# recipient_unit values: accounting units of a party
UNITS = {
    "GB": ("Central Party", "Accounting Unit {x}"),
    "DE": ("Bundesverband", "Landesverband {x}", "Kreisverband {x}"),
    "AT": ("Bundespartei", "Landesgruppe {x}"),
}
# European political parties and foundations (the EU-level filers)
EUROPARTIES = ("Alliance of Democrats for Europe", "European Freedom Movement",
               "European Renewal Party", "Alliance for a Europe of Nations",
               "European Sovereignty Alliance", "Foundation for European Heritage")
