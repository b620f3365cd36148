# ruff: noqa: E501  (word lists read better unwrapped)
"""Names for the demo tenant's people: common first and family names in
Sweden, written for this project (common names are facts, not anyone's text).
Most staff carry names long common in Sweden; a share carry names common among
Swedes with roots elsewhere, as in any municipality's workforce."""

# fmt: off
WOMEN = (
    "Anna", "Eva", "Maria", "Karin", "Kristina", "Lena", "Sara", "Kerstin", "Emma", "Ingrid",
    "Marie", "Malin", "Jenny", "Hanna", "Linda", "Annika", "Susanne", "Elin", "Monica", "Johanna",
    "Birgitta", "Sofia", "Camilla", "Carina", "Ulla", "Elisabeth", "Helena", "Ida", "Julia", "Anneli",
    "Åsa", "Maja", "Therese", "Cecilia", "Frida", "Lisa", "Amanda", "Matilda", "Anette", "Louise",
    "Josefin", "Ebba", "Klara", "Alice", "Moa", "Tove", "Linnéa", "Agnes", "Sanna", "Ylva",
    "Pia", "Petra", "Gunilla", "Margareta", "Viktoria", "Caroline", "Jessica", "Madeleine", "Rebecka", "Lovisa",
    "Emelie", "Charlotte", "Veronica", "Mikaela", "Ann-Sofie", "Ann-Christin", "Marianne", "Gun", "Inger", "Agneta",
    "Stina", "Tina", "Nathalie", "Felicia", "Hedvig", "Mona", "Britt", "Lotta", "Hillevi", "Siv",
)

MEN = (
    "Lars", "Anders", "Johan", "Per", "Erik", "Karl", "Peter", "Jan", "Thomas", "Daniel",
    "Fredrik", "Mikael", "Hans", "Stefan", "Magnus", "Mats", "Andreas", "Jonas", "Martin", "Niklas",
    "Marcus", "Mattias", "Henrik", "Björn", "Patrik", "Oskar", "David", "Christer", "Göran", "Ulf",
    "Bengt", "Tobias", "Robert", "Joakim", "Emil", "Simon", "Viktor", "Gustav", "Filip", "Axel",
    "Anton", "Jakob", "Sebastian", "Kristoffer", "Rickard", "Håkan", "Leif", "Roger", "Kjell", "Olof",
    "Nils", "Gunnar", "Sven", "Ola", "Pontus", "Linus", "Alexander", "Hampus", "Jesper", "Elias",
    "Isak", "Albin", "Ludvig", "Rasmus", "Jimmy", "Torbjörn", "Åke", "Lennart", "Pär", "Tommy",
)

# Given names common among Swedes with roots in the Middle East, the Horn of
# Africa, the Balkans, Finland and elsewhere.
WOMEN_WIDER = (
    "Fatima", "Amina", "Sara", "Maryam", "Leila", "Nour", "Hodan", "Fadumo", "Amira", "Zeynep",
    "Elif", "Jelena", "Ana", "Aida", "Samira", "Rana", "Yasmin", "Hiba", "Nadia", "Dalia",
    "Liisa", "Tiina", "Marjatta", "Olga", "Natalia", "Teresa", "Luz", "Hana", "Selam", "Rahel",
)
MEN_WIDER = (
    "Mohammed", "Ali", "Ahmed", "Hassan", "Omar", "Yusuf", "Abdi", "Mustafa", "Ibrahim", "Karim",
    "Amir", "Dragan", "Goran", "Nikola", "Emir", "Mehmet", "Kemal", "Jussi", "Timo", "Pekka",
    "Daniel", "Samuel", "Dawit", "Tesfaye", "Reza", "Farid", "Jorge", "Pablo", "Adam", "Elias",
)

FAMILY = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
    "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Axelsson",
    "Berg", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund",
    "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund",
    "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström",
    "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren",
    "Söderberg", "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Lundström", "Viklund",
    "Björklund", "Eliasson", "Pålsson", "Berggren", "Sandström", "Lund", "Nordin", "Ström",
    "Åberg", "Hermansson", "Ekström", "Holmgren", "Sundberg", "Hedlund", "Dahlberg", "Hellström",
    "Sjögren", "Abrahamsson", "Falk", "Martinsson", "Öberg", "Andreasson", "Strömberg", "Månsson",
    "Åkesson", "Hansen", "Norberg", "Lindholm", "Dahl", "Jonasson", "Åström", "Sundström",
    "Ek", "Ekberg", "Nordqvist", "Wahlström", "Hedberg", "Sandén", "Lindblom", "Borg",
    "Hägglund", "Vikström", "Granberg", "Öhman", "Backman", "Strand", "Nyman", "Rydberg",
)
FAMILY_WIDER = (
    "Mohammed", "Ali", "Ahmed", "Hassan", "Hussein", "Abdi", "Omar", "Yilmaz",
    "Kaya", "Jovanović", "Petrović", "Hodžić", "Korhonen", "Virtanen", "Nieminen", "Mäkinen",
    "Rahimi", "Hosseini", "Haile", "Tesfay", "Garcia", "Rodriguez", "Nowak", "Kowalski",
    "Ibrahim", "Yousef", "Begić", "Demir",
)
# fmt: on

# Share of people carrying a name from the wider lists.
WIDER_SHARE = 0.17
