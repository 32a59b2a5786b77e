from memorybook.cli import main

main()
